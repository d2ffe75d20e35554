package dev.gmp.agent.instrumentation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * {@code preempt=}: a poll point at method entries and before every loop back-edge of the classes of the
 * named packages. Go checks for preemption in function prologues (the stack-bound check that
 * {@code gp.stackguard0 = stackPreempt} trips; proc.go {@code preemptone}) and, since Go 1.14, asynchronously
 * by signal; the JVM cannot stop a virtual thread asynchronously, so we poll at the same kind of places.
 *
 * <p>Straight-line methods, which neither call nor loop, get no poll at all: they run in time bounded by their
 * length. Go gives no prologue check to a leaf function with a small frame (cmd/internal/obj/x86/obj6.go
 * {@code preprocess} marks it NOSPLIT); we keep the entry poll in leaves that loop, because on HotSpot a loop
 * method measured slower without it (Collatz kernel: +25 %, four forks per side). A small helper that the JIT
 * inlines into a hot loop thus adds no second poll per iteration. Counted loops poll once per chunk of
 * iterations instead of on every back-edge ({@link CountedLoops}).
 *
 * <p>The inserted call is {@code dev.gmp.internal.sched.Preemption.poll()}: a static method whose fast path is
 * one static volatile read ({@code Preemption.requested}); the JIT inlines it. It takes no operands and leaves
 * none, so on its own it changes no stack map frame and no max stack (strip mining adds a local and a frame
 * per loop, and six stack slots). A back-edge is a jump to a label already visited
 * (javac puts loop heads before their bodies); {@code <clinit>} is left alone (yielding while a class is being
 * initialised would stall every thread waiting for it).
 */
final class PreemptionPolls {
    static final String OWNER = "dev/gmp/internal/sched/Preemption";

    private PreemptionPolls() {}

    /**
     * The poll-inserting visitor for a method, or {@code mv} itself for a class initialiser or a straight-line
     * method ({@code polled} false: no calls and no backward jumps). {@code loops}: its counted loops to
     * strip-mine ({@link CountedLoops}), in order of their heads.
     */
    static MethodVisitor wrap(String methodName, boolean polled, List<CountedLoops.Loop> loops, MethodVisitor mv) {
        return methodName.equals("<clinit>") || !polled ? mv : new PollInserter(mv, loops);
    }

    /** Inserts the poll at entry and before backward jumps, once per chunk in strip-mined loops. */
    static final class PollInserter extends IndexedInsns {
        private final Set<Label> visited = new HashSet<>();
        private final List<CountedLoops.Loop> loops;
        private final Map<CountedLoops.Loop, Object[]> headFrames = new HashMap<>(); // {locals, stack}
        private final Map<CountedLoops.Loop, Label> bodies = new HashMap<>();

        PollInserter(MethodVisitor mv, List<CountedLoops.Loop> loops) {
            super(mv);
            this.loops = loops;
        }

        private void poll() {
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, OWNER, "poll", "()V", false);
        }

        @Override
        public void visitCode() {
            super.visitCode();
            poll();
        }

        @Override
        public void visitLabel(Label label) {
            visited.add(label);
            super.visitLabel(label);
        }

        /** Frames in a strip-mined body gain its {@code lim}; the frame at a loop's head is kept for its body. */
        @Override
        public void visitFrame(int type, int nLocal, Object[] local, int nStack, Object[] stack) {
            List<CountedLoops.Loop> live = new ArrayList<>();
            for (CountedLoops.Loop l : loops) {
                if (l.covers(insn)) {
                    live.add(l);
                }
            }
            Object[] locals = live.isEmpty() ? local : CountedLoops.withLimits(local, nLocal, live);
            int n = live.isEmpty() ? nLocal : locals.length;
            for (CountedLoops.Loop l : loops) {
                if (l.head() == insn) {
                    headFrames.put(l, new Object[] {copy(locals, n), copy(stack, nStack)});
                }
            }
            super.visitFrame(type, n, locals, nStack, stack);
        }

        private static Object[] copy(Object[] a, int n) {
            return n == 0 ? new Object[0] : Arrays.copyOf(a, n);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            for (CountedLoops.Loop l : loops) {
                if (l.test() == insn) {
                    super.visitJumpInsn(opcode, label);
                    enterChunk(l);
                    return;
                }
                if (l.back() == insn) {
                    l.jumpIfInChunk(mv, bodies.get(l));
                    poll();
                    super.visitJumpInsn(opcode, label);
                    return;
                }
            }
            if (visited.contains(label)) {
                poll(); // back-edge
            }
            super.visitJumpInsn(opcode, label);
        }

        /** After the loop's test: {@code lim}, then the body's label and frame (the head's, plus {@code lim}). */
        private void enterChunk(CountedLoops.Loop l) {
            l.storeLimit(mv);
            Label body = new Label();
            bodies.put(l, body);
            mv.visitLabel(body);
            Object[] head = headFrames.get(l);
            Object[] locals = (Object[]) head[0];
            Object[] stack = (Object[]) head[1];
            Object[] withLim = CountedLoops.withLimits(locals, locals.length, List.of(l));
            mv.visitFrame(Opcodes.F_NEW, withLim.length, withLim, stack.length, stack);
            mv.visitInsn(Opcodes.NOP); // the body's first instruction may carry a frame of its own
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(loops.isEmpty() ? maxStack : maxStack + 6, maxLocals + loops.size());
        }
    }
}
