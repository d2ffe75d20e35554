package dev.gmp.agent.instrumentation;

import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * The small, branch-free rewrites of JDK methods that only pass a value through the bootstrap bridge (no new
 * frames, no handlers).
 */
final class JdkRewrites {
    private JdkRewrites() {}

    /** {@code Blocker.begin()}: its result goes through {@code GmpBridge.blockerBegun} before each return. */
    static MethodVisitor blockerBegin(MethodVisitor mv, boolean modern) {
        return new MethodVisitor(Opcodes.ASM9, mv) {
            @Override
            public void visitInsn(int opcode) {
                if (modern && opcode == Opcodes.IRETURN) {
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, SyscallWrap.BRIDGE, "blockerBegun", "(Z)Z", false);
                } else if (!modern && opcode == Opcodes.LRETURN) {
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, SyscallWrap.BRIDGE, "blockerBegunLong", "(J)J",
                            false);
                }
                super.visitInsn(opcode);
            }
        };
    }

    /** {@code Blocker.end(token)}: the token goes through {@code GmpBridge.blockerEnding} at entry. */
    static MethodVisitor blockerEnd(MethodVisitor mv, boolean modern) {
        return new MethodVisitor(Opcodes.ASM9, mv) {
            @Override
            public void visitCode() {
                super.visitCode();
                if (modern) {
                    super.visitVarInsn(Opcodes.ILOAD, 0);
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, SyscallWrap.BRIDGE, "blockerEnding", "(Z)Z", false);
                    super.visitVarInsn(Opcodes.ISTORE, 0);
                } else {
                    super.visitVarInsn(Opcodes.LLOAD, 0);
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, SyscallWrap.BRIDGE, "blockerEndingLong", "(J)J",
                            false);
                    super.visitVarInsn(Opcodes.LSTORE, 0);
                }
            }

            @Override
            public void visitMaxs(int maxStack, int maxLocals) {
                super.visitMaxs(Math.max(maxStack, 2), maxLocals);
            }
        };
    }

    /** {@code ThreadBuilders.newVirtualThread(scheduler, ...)}: the scheduler goes through the bridge at entry. */
    static MethodVisitor routing(MethodVisitor mv) {
        return new MethodVisitor(Opcodes.ASM9, mv) {
            @Override
            public void visitCode() {
                super.visitCode();
                super.visitVarInsn(Opcodes.ALOAD, 0);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, SyscallWrap.BRIDGE, "schedulerFor",
                        "(Ljava/util/concurrent/Executor;)Ljava/util/concurrent/Executor;", false);
                super.visitVarInsn(Opcodes.ASTORE, 0);
            }

            @Override
            public void visitMaxs(int maxStack, int maxLocals) {
                super.visitMaxs(Math.max(maxStack, 1), maxLocals);
            }
        };
    }

    /**
     * {@code ForkJoinWorkerThread.hasKnownQueuedWork()}: its result goes through {@code GmpBridge.knownQueuedWork}
     * before each return, so a goroutine gets its P's answer (a goroutine's carrier is never a ForkJoin worker).
     */
    static MethodVisitor knownQueuedWork(MethodVisitor mv) {
        return new MethodVisitor(Opcodes.ASM9, mv) {
            @Override
            public void visitInsn(int opcode) {
                if (opcode == Opcodes.IRETURN) {
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, SyscallWrap.BRIDGE, "knownQueuedWork", "(Z)Z", false);
                }
                super.visitInsn(opcode);
            }
        };
    }

    /**
     * {@code Phaser.internalAwaitAdvance}: each read of {@code SPINS_PER_ARRIVAL}, the spins a waiter adds per
     * arrival before it queues and blocks, goes through {@code GmpBridge.spinsPerArrival}, so a goroutine whose
     * partner waits on its own P does not spin. Phaser, unlike {@code LinkedTransferQueue} and {@code Exchanger},
     * does not ask {@code hasKnownQueuedWork()}. A JDK without that field read leaves the method as it is.
     */
    static MethodVisitor phaserSpins(MethodVisitor mv) {
        return new MethodVisitor(Opcodes.ASM9, mv) {
            @Override
            public void visitFieldInsn(int opcode, String owner, String name, String desc) {
                super.visitFieldInsn(opcode, owner, name, desc);
                if (opcode == Opcodes.GETSTATIC && owner.equals(Weaver.PHASER) && name.equals("SPINS_PER_ARRIVAL")
                        && desc.equals("I")) {
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, SyscallWrap.BRIDGE, "spinsPerArrival", "(I)I", false);
                }
            }
        };
    }
}
