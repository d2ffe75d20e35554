package dev.gmp.agent.instrumentation;

import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Rewrites a method body {@code B} into {@code boolean e = GmpBridge.enterSyscall(); try { B } finally {
 * GmpBridge.exitSyscall(e); }} (proc.go {@code entersyscall}/{@code exitsyscall} around a system call).
 *
 * <p>How, without recomputing frames (which would need class loading inside a transformer):
 * <ul>
 *   <li>{@code e} lives in a new local slot {@code L} = the method's original {@code max_locals};</li>
 *   <li>every return is preceded by {@code exitSyscall(e)} (no branch: the bridge tests {@code e});</li>
 *   <li>one catch-all handler, appended <em>last</em> to the exception table so the method's own handlers still
 *       see their exceptions first, calls {@code exitSyscall(e)} and rethrows;</li>
 *   <li>every stack map frame of the body (read expanded) gets {@code L} as an int, so the handler's frame
 *       (parameters, then TOPs, then the int at {@code L}) is valid from every instruction it covers.</li>
 * </ul>
 * Not for constructors (a handler cannot cover the {@code super()} call).
 */
final class SyscallWrap extends MethodVisitor {
    static final String BRIDGE = "dev/gmp/agent/bootstrap/GmpBridge";

    private final int slot;
    private final Object[] entryLocals; // verifier types of this + parameters, expanded form
    private final Label start = new Label();
    private final Label end = new Label();
    private final Label handler = new Label();

    SyscallWrap(MethodVisitor mv, String owner, int access, String desc, int originalMaxLocals) {
        super(Opcodes.ASM9, mv);
        this.slot = originalMaxLocals;
        this.entryLocals = entryLocals(owner, access, desc);
    }

    static Object[] entryLocals(String owner, int access, String desc) {
        Type[] args = Type.getArgumentTypes(desc);
        boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
        Object[] locals = new Object[args.length + (isStatic ? 0 : 1)];
        int i = 0;
        if (!isStatic) {
            locals[i++] = owner;
        }
        for (Type t : args) {
            locals[i++] = verifierType(t);
        }
        return locals;
    }

    static Object verifierType(Type t) {
        return switch (t.getSort()) {
            case Type.BOOLEAN, Type.BYTE, Type.CHAR, Type.SHORT, Type.INT -> Opcodes.INTEGER;
            case Type.LONG -> Opcodes.LONG;
            case Type.FLOAT -> Opcodes.FLOAT;
            case Type.DOUBLE -> Opcodes.DOUBLE;
            case Type.ARRAY -> t.getDescriptor();
            default -> t.getInternalName();
        };
    }

    /** Locals padded with TOP up to {@link #slot}, then the int at {@link #slot}. */
    private Object[] withSlot(int nLocal, Object[] local) {
        int slots = 0;
        java.util.ArrayList<Object> out = new java.util.ArrayList<>(nLocal + 4);
        for (int i = 0; i < nLocal; i++) {
            out.add(local[i]);
            slots += (local[i] == Opcodes.LONG || local[i] == Opcodes.DOUBLE) ? 2 : 1;
        }
        while (slots < slot) {
            out.add(Opcodes.TOP);
            slots++;
        }
        out.add(Opcodes.INTEGER);
        return out.toArray();
    }

    @Override
    public void visitCode() {
        super.visitCode();
        super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "enterSyscall", "()Z", false);
        super.visitVarInsn(Opcodes.ISTORE, slot);
        super.visitLabel(start);
    }

    @Override
    public void visitFrame(int type, int nLocal, Object[] local, int nStack, Object[] stack) {
        if (type != Opcodes.F_NEW) {
            throw new IllegalStateException("frames must be read expanded (ClassReader.EXPAND_FRAMES)");
        }
        Object[] l = withSlot(nLocal, local);
        super.visitFrame(Opcodes.F_NEW, l.length, l, nStack, stack);
    }

    @Override
    public void visitInsn(int opcode) {
        if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
            super.visitVarInsn(Opcodes.ILOAD, slot);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "exitSyscall", "(Z)V", false);
        }
        super.visitInsn(opcode);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        super.visitLabel(end);
        super.visitLabel(handler);
        Object[] l = withSlot(entryLocals.length, entryLocals);
        super.visitFrame(Opcodes.F_NEW, l.length, l, 1, new Object[] {"java/lang/Throwable"});
        super.visitVarInsn(Opcodes.ILOAD, slot);
        super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "exitSyscall", "(Z)V", false);
        super.visitInsn(Opcodes.ATHROW);
        super.visitTryCatchBlock(start, end, handler, null); // last in the table: inner handlers come first
        super.visitMaxs(Math.max(maxStack + 1, 2), Math.max(maxLocals, slot + 1));
    }
}
