package dev.gmp.agent.instrumentation;

import dev.gmp.agent.bootstrap.GmpBridge;
import net.bytebuddy.asm.Advice;

/**
 * {@code entersyscall(); try { call } finally { exitsyscall(); }} around a method that blocks its carrier
 * thread: the natives behind {@code FileInputStream}, {@code FileOutputStream}, {@code RandomAccessFile}, and
 * user-designated methods ({@code blocking=}, {@code blocking.file=}, {@code @dev.gmp.Blocking}).
 *
 * <p>Inlined into the target, so it may call only the bootstrap bridge. On a platform thread the cost is the
 * bridge's {@code isVirtual()} check. A nested call (a designated method that reads a file) does not enter
 * twice: {@code SyscallHandoff.enter} returns false while the goroutine is already in a syscall.
 */
public final class SyscallAdvice {
    private SyscallAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static boolean enter() {
        return GmpBridge.enterSyscall();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter boolean entered) {
        if (entered) {
            GmpBridge.exitSyscall();
        }
    }
}
