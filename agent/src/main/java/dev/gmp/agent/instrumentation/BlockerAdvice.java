package dev.gmp.agent.instrumentation;

import dev.gmp.agent.bootstrap.GmpBridge;
import net.bytebuddy.asm.Advice;

/**
 * {@code jdk.internal.misc.Blocker}: the JDK's own marker around operations that pin a virtual thread to its
 * carrier while they block ({@code boolean attempted = Blocker.begin(); try { op } finally {
 * Blocker.end(attempted); }}). For the JDK's ForkJoinPool it compensates with a spare carrier; for a goroutine
 * we make it Go's {@code entersyscall}/{@code exitsyscall}.
 *
 * <p>How the enter is carried to {@code end}: a goroutine's carrier is our {@code Machine}, never a
 * {@code jdk.internal.misc.CarrierThread}, so the JDK's own {@code begin} always returns "not attempted"
 * ({@code false} on JDK 23+, {@code 0} on JDK 21/22) for it. We turn that into "attempted" ({@code true} /
 * {@code 1}) when {@code entersyscall} happened, and {@code end} with "attempted" on a goroutine therefore means
 * "ours": it runs {@code exitsyscall} and skips the JDK body (which would cast the carrier to CarrierThread).
 * On any other thread the JDK body runs unchanged.
 */
public final class BlockerAdvice {
    private BlockerAdvice() {}

    /** JDK 23+: {@code static boolean begin()}. */
    public static final class BeginBoolean {
        private BeginBoolean() {}

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.Return(readOnly = false) boolean attempted) {
            if (!attempted && GmpBridge.enterSyscall()) {
                attempted = true;
            }
        }
    }

    /** JDK 23+: {@code static void end(boolean attempted)}. */
    public static final class EndBoolean {
        private EndBoolean() {}

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
        public static boolean enter(@Advice.Argument(0) boolean attempted) {
            return attempted && GmpBridge.exitSyscallIfGoroutine();
        }
    }

    /** JDK 21/22: {@code static long begin()} (the ForkJoinPool compensation token, 0 if none). */
    public static final class BeginLong {
        private BeginLong() {}

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.Return(readOnly = false) long comp) {
            if (comp == 0 && GmpBridge.enterSyscall()) {
                comp = 1;
            }
        }
    }

    /** JDK 21/22: {@code static void end(long compensateReturn)}. */
    public static final class EndLong {
        private EndLong() {}

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
        public static boolean enter(@Advice.Argument(0) long comp) {
            return comp > 0 && GmpBridge.exitSyscallIfGoroutine();
        }
    }
}
