package dev.gmp.agent.instrumentation;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Set;

/**
 * A byte-level gate in front of ByteBuddy's transformer, so that the application pays almost nothing per class
 * it loads: ByteBuddy only sees a class whose name is a rewrite target (JDK targets, {@code blocking=} classes,
 * {@code preempt=} packages) or whose class file mentions {@code Ldev/gmp/Blocking;} (a method annotated
 * {@code @Blocking} must name it in its constant pool). Everything else is rejected by a name check and one
 * scan of the bytes, without parsing.
 *
 * <p>Installed by handing ByteBuddy's {@code installOn} a proxy {@link Instrumentation} whose
 * {@code addTransformer} wraps the transformer; every other call goes to the real instrumentation.
 */
final class Prefilter implements ClassFileTransformer {
    private static final byte[] BLOCKING = "Ldev/gmp/Blocking;".getBytes(StandardCharsets.US_ASCII);

    private final ClassFileTransformer delegate;
    private final Set<String> names;          // internal names
    private final List<String> prefixes;      // internal-name prefixes

    private Prefilter(ClassFileTransformer delegate, Set<String> names, List<String> prefixes) {
        this.delegate = delegate;
        this.names = names;
        this.prefixes = prefixes;
    }

    static Instrumentation gate(Instrumentation inst, Set<String> names, List<String> prefixes) {
        InvocationHandler h = (proxy, method, args) -> {
            if (method.getName().equals("addTransformer") && args != null && args.length >= 1
                    && args[0] instanceof ClassFileTransformer t) {
                args = args.clone();
                args[0] = new Prefilter(t, names, prefixes);
            }
            try {
                return method.invoke(inst, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Instrumentation) Proxy.newProxyInstance(Prefilter.class.getClassLoader(),
                new Class<?>[] {Instrumentation.class}, h);
    }

    boolean wanted(String className, byte[] bytes) {
        if (className == null) {
            return false; // hidden classes and lambdas
        }
        if (names.contains(className)) {
            return true;
        }
        for (String p : prefixes) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return contains(bytes, BLOCKING);
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        byte first = needle[0];
        int last = hay.length - needle.length;
        outer:
        for (int i = 0; i <= last; i++) {
            if (hay[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer)
            throws IllegalClassFormatException {
        if (!wanted(className, classfileBuffer)) {
            return null;
        }
        return delegate.transform(module, loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer)
            throws IllegalClassFormatException {
        if (!wanted(className, classfileBuffer)) {
            return null;
        }
        return delegate.transform(loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
    }
}
