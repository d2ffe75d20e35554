package dev.gmp.agent.instrumentation;

import dev.gmp.agent.instrumentation.LoopStripMining.Loop;
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
 * {@code preempt=}: a poll point at method entries and in the loops of the classes of the named packages. Go
 * checks for preemption in function prologues (the stack-bound check that {@code gp.stackguard0 = stackPreempt}
 * trips; proc.go {@code preemptone}) and, since Go 1.14, asynchronously by signal; the JVM cannot stop a virtual
 * thread asynchronously, so we poll at the same kind of places.
 *
 * <p>Straight-line methods, which neither call nor loop, get no poll at all: they run in time bounded by their
 * length. Go gives no prologue check to a leaf function with a small frame (cmd/internal/obj/x86/obj6.go
 * {@code preprocess} marks it NOSPLIT); we keep the entry poll in leaves that loop, because on HotSpot a loop
 * method measured slower without it (Collatz kernel: +25 %, four forks per side). A small helper that the JIT
 * inlines into a hot loop thus adds no second poll per iteration. Loops poll once per chunk of iterations and on
 * their way out ({@link LoopStripMining}); a loop that cannot be strip-mined (it calls outside the packages, or
 * is closed by a switch) polls before each backward jump or switch.
 *
 * <p>The inserted call is {@code dev.gmp.internal.sched.Preemption.poll()}: a static method whose fast path is
 * one static volatile read (the count of runtimes with a goroutine flagged); the JIT inlines it. It takes no
 * operands and leaves none, so on its own it changes no stack map frame and no max stack (strip mining adds a local and frames per
 * loop, and six stack slots). A backward jump is one to a label already visited (javac puts loop heads before
 * their bodies); {@code <clinit>} is left alone (yielding while a class is being initialised would stall every
 * thread waiting for it).
 */
final class PreemptionPolls {
    static final String OWNER = "dev/gmp/internal/sched/Preemption";

    private PreemptionPolls() {}

    /**
     * The poll-inserting visitor for a method, or {@code mv} itself for a class initialiser or a straight-line
     * method ({@code polled} false: no calls and no backward jumps). {@code plan}: its loops to strip-mine
     * ({@link LoopStripMining}).
     */
    static MethodVisitor wrap(String methodName, boolean polled, LoopStripMining.Plan plan, MethodVisitor mv) {
        return methodName.equals("<clinit>") || !polled ? mv : new PollInserter(mv, plan);
    }

    /** Inserts the poll at entry and before backward jumps, once per chunk in strip-mined loops. */
    static final class PollInserter extends IndexedInsns {
        private final Set<Label> visited = new HashSet<>();
        private final Map<Label, Integer> positions = new HashMap<>();
        private final LoopStripMining.Plan plan;
        private final Map<Integer, Object[][]> frames = new HashMap<>(); // by instruction: {locals, stack}
        private final Map<Loop, Label> inners = new HashMap<>(); // each loop's I: a chunk's first iteration
        private final Map<Loop, Label> latches = new HashMap<>();
        private final List<Runnable> tail = new ArrayList<>(); // blocks placed after the method's code

        PollInserter(MethodVisitor mv, LoopStripMining.Plan plan) {
            super(mv);
            this.plan = plan;
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
            positions.put(label, insn);
            super.visitLabel(label);
        }

        /**
         * Frames inside a strip-mined loop gain its local; each frame is kept for the blocks that jump to its
         * instruction. A down-counting loop starts its count after the frame at its head.
         */
        @Override
        public void visitFrame(int type, int nLocal, Object[] local, int nStack, Object[] stack) {
            List<Loop> live = plan.loops().stream().filter(l -> l.covers(insn)).toList();
            Object[] locals = live.isEmpty() ? local : LoopStripMining.withSlots(local, nLocal, live);
            int n = live.isEmpty() ? nLocal : locals.length;
            if (!plan.loops().isEmpty()) { // only strip mining's blocks need them
                frames.put(insn, new Object[][] {copy(locals, n), copy(stack, nStack)});
            }
            super.visitFrame(type, n, locals, nStack, stack);
            for (Loop l : plan.loops()) {
                if (!l.counted() && l.head() == insn) {
                    l.startCount(mv);
                    openChunk(l);
                }
            }
        }

        private static Object[] copy(Object[] a, int n) {
            return n == 0 ? new Object[0] : Arrays.copyOf(a, n);
        }

        /** The label {@code I} of {@code l}, with the head's frame plus the loop's local. */
        private void openChunk(Loop l) {
            Label inner = new Label();
            inners.put(l, inner);
            mv.visitLabel(inner);
            frameAt(l.head(), l);
            mv.visitInsn(Opcodes.NOP); // the next instruction may carry a frame of its own
        }

        /** The frame recorded at instruction {@code at}, plus {@code l}'s local unless {@code l} is null. */
        private void frameAt(int at, Loop l) {
            Object[][] f = frames.get(at);
            if (f == null) {
                throw new IllegalStateException("no stack map frame at instruction " + at);
            }
            Object[] locals = l == null ? f[0] : LoopStripMining.withSlots(f[0], f[0].length, List.of(l));
            mv.visitFrame(Opcodes.F_NEW, locals.length, locals, f[1].length, f[1]);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            int at = insn;
            LoopStripMining.Exit exit = plan.exits().get(at);
            Label target = exit == null ? label : exitVia(label, exit);
            for (Loop l : plan.loops()) {
                if (l.counted() && l.test() == at) {
                    super.visitJumpInsn(opcode, target);
                    l.storeLimit(mv);
                    openChunk(l);
                    return;
                }
                if (l.counted() && l.back() == at) {
                    l.jumpIfInChunk(mv, inners.get(l));
                    poll();
                    super.visitJumpInsn(opcode, label);
                    return;
                }
            }
            Loop counter = plan.backEdges().get(at);
            if (exit == null && counter != null) {
                if (opcode == Opcodes.GOTO) {
                    counter.countDown(mv, inners.get(counter));
                    poll();
                    super.visitJumpInsn(opcode, label);
                } else {
                    super.visitJumpInsn(opcode, latch(counter, label));
                    if (at == counter.back()) {
                        poll(); // falls out of the loop
                    }
                }
                return;
            }
            if (exit == null && visited.contains(label)) {
                poll(); // back-edge
            }
            super.visitJumpInsn(opcode, target);
        }

        /** A conditional back-edge's latch, after the method's code: count down, poll at a chunk's end. */
        private Label latch(Loop l, Label head) {
            return latches.computeIfAbsent(l, loop -> {
                Label latch = new Label();
                tail.add(() -> {
                    mv.visitLabel(latch);
                    frameAt(l.head(), l);
                    l.countDown(mv, inners.get(l));
                    poll();
                    mv.visitJumpInsn(Opcodes.GOTO, head);
                });
                return latch;
            });
        }

        /** A jump out of strip-mined loops goes to {@code target} through a poll, after the method's code. */
        private Label exitVia(Label target, LoopStripMining.Exit exit) {
            Label via = new Label();
            tail.add(() -> {
                mv.visitLabel(via);
                frameAt(positions.get(target), exit.counter());
                if (exit.counter() != null) {
                    exit.counter().jumpIfNoIteration(mv, target);
                }
                poll();
                mv.visitJumpInsn(Opcodes.GOTO, target);
            });
            return via;
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
            pollIfBackwards(dflt, labels);
            super.visitTableSwitchInsn(min, max, dflt, labels);
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
            pollIfBackwards(dflt, labels);
            super.visitLookupSwitchInsn(dflt, keys, labels);
        }

        /** A switch that may jump backwards closes a loop: poll before it (javac's never do). */
        private void pollIfBackwards(Label dflt, Label[] labels) {
            if (visited.contains(dflt) || Arrays.stream(labels).anyMatch(visited::contains)) {
                poll();
            }
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            tail.forEach(Runnable::run);
            int loops = plan.loops().size();
            super.visitMaxs(loops == 0 ? maxStack : maxStack + 6, maxLocals + loops);
        }
    }
}
