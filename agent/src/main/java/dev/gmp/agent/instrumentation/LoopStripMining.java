package dev.gmp.agent.instrumentation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Loop strip mining for {@code preempt=} polls: a loop polls once per chunk of iterations instead of on every
 * back-edge. HotSpot's C2 does the same to its own safepoint polls ({@code -XX:LoopStripMiningIter}, 1000 by
 * default): the inner loop, free of polls, stays a counted loop the JIT unrolls and vectorizes. Go needs no such
 * thing, as it preempts loops by signal (runtime/preempt.go); a per-iteration poll measured 3.2 times as slow on a
 * vectorizable array sum, and +11 % on a scalar hash (docs/performance.md).
 *
 * <p><b>Counted loops</b> are strip-mined by their own index. A loop qualifies in the shapes javac gives
 * {@code for (...; i < n; i++)}, {@code i <= n}, and counting down, {@code for (...; i >= n; i--)} and
 * {@code i > n}:
 * <pre>
 *   H: iload i; BOUND; if_icmpge|if_icmpgt|if_icmple|if_icmplt X     BOUND: iload n | aload a; arraylength |
 *      body                                                           an int constant
 *      iinc i 1 (or -1, counting down)
 *      goto H
 * </pre>
 * (a bound of 0 is javac's {@code iload i; ifge|ifgt|ifle|iflt X}), where the body stores neither {@code i} nor
 * the bound's local and nothing else jumps to {@code H}. Counting up, it becomes
 * <pre>
 *   H: iload i; BOUND; if_icmpge|if_icmpgt X
 *      lim = (int) Math.min((long) i + chunk, (long) BOUND + (inclusive ? 1 : 0))
 *   I: body
 *      iinc i 1
 *      iload i; iload lim; if_icmplt I      (the inner back-edge: no poll)
 *      Preemption.poll()
 *      goto H
 * </pre>
 * and counting down the same with {@code Math.max}, {@code - chunk}, {@code - 1} and {@code if_icmpgt}. Each
 * iteration of {@code I} runs where the loop's own test holds, so the loop does what it did. {@code lim} is the
 * first index past the chunk, computed in {@code long}: for {@code i <= Integer.MAX_VALUE}, which never ends, it
 * is {@code MIN_VALUE} once {@code i} is within a chunk of the top, so the inner loop ends after every iteration
 * there and the polls go on as {@code i} wraps.
 *
 * <p><b>Other loops</b> ({@code while} on a data-dependent condition, a {@code long} index, a step other than one)
 * count their iterations down in a new local {@code k}. With {@code H} the loop's head, the target of its
 * back-edges:
 * <pre>
 *   H: k = chunk
 *   I: the loop as it was, each back-edge {@code goto H} now
 *      if (--k > 0) goto I
 *      Preemption.poll()
 *      goto H
 * </pre>
 * To the JIT, {@code I} is then a counted loop (index {@code k}, limit 0) with the loop's own exits besides, so C2
 * keeps its own safepoint poll out of it too. A conditional back-edge (a {@code do}/{@code while}) jumps to the same
 * latch, placed after the method's code, and polls where it falls out of the loop.
 *
 * <p><b>Exits.</b> A jump that leaves a strip-mined loop from inside (a {@code break}, a {@code while} loop's own
 * test, a {@code continue} to an outer loop) goes through a poll placed after the method's code. A loop thus polls
 * at least once each time it runs a full iteration, and a nest of loops never runs more than a chunk of
 * iterations of any of them between polls: without it, a loop that breaks out after 1,000 iterations, nested in a
 * strip-mined loop, would run 1,000 times the outer loop's chunk of iterations between two polls. A jump forwards
 * out of one down-counting loop skips that poll while {@code k} is still {@code chunk} (no iteration since the
 * last poll: a {@code while} that runs zero times costs no poll). A counted loop's own test needs none: its last
 * chunk polled.
 *
 * <p>Both kinds also need: nothing jumps into the loop but to {@code H}; every call in the loop goes to a class that
 * {@code preempt=} covers (whose methods poll on entry, or are straight-line code) or to {@code Math} or
 * {@code StrictMath} (constant time); a call elsewhere may take any time, so such a loop keeps its poll on every
 * iteration; no exception handler inside the loop for code outside it; no switch that leaves it; loops that
 * overlap are nested. The new locals ({@code lim}, {@code k}) come after the method's own, one slot per loop, and
 * the stack map frames inside each loop gain its local.
 *
 * <p><b>Chunks.</b> A loop's chunk is {@link #BUDGET} divided by its body's length in instructions, rounded down to
 * a power of two, at most {@link #MAX_CHUNK}: about the same work between two polls whatever the loop.
 */
final class LoopStripMining {
    /**
     * About how many bytecode instructions of a loop's body run between two polls: a chunk is this many divided by
     * the body's length, a power of two, at most {@link #MAX_CHUNK} iterations. A tight loop (a vectorized sum:
     * about 0.1 ns an iteration) thus re-enters its chunk rarely, each entry costing the JIT's loop set-up
     * (pre-loop, post-loop); at several nanoseconds an instruction (cache misses throughout) a chunk still takes
     * well under sysmon's 10 ms.
     */
    static final int BUDGET = 1 << 16;
    static final int MAX_CHUNK = 1 << 14;

    private static final int INT_CONST = -2; // recorded opcode of any int constant load

    /** JDK classes whose methods all run in constant time: a loop may call them and still be strip-mined. */
    private static final Set<String> CONSTANT_TIME = Set.of("java/lang/Math", "java/lang/StrictMath");

    // A loop test's exit jump, as: 1 = i < BOUND, 2 = i <= BOUND (counting up); -1 = i > BOUND, -2 = i >= BOUND
    // (counting down). The jump leaves the loop, so it is the negation: if_icmpge X leaves a loop on i < n.
    private static final Map<Integer, Integer> TESTS = Map.of(Opcodes.IF_ICMPGE, 1, Opcodes.IF_ICMPGT, 2,
            Opcodes.IF_ICMPLE, -1, Opcodes.IF_ICMPLT, -2);
    private static final Map<Integer, Integer> ZERO_TESTS = Map.of(Opcodes.IFGE, 1, Opcodes.IFGT, 2,
            Opcodes.IFLE, -1, Opcodes.IFLT, -2);

    private LoopStripMining() {}

    /**
     * What to do to one method: its strip-mined loops in order of their heads; the back-edges of its
     * down-counting loops, by instruction; the jumps that leave strip-mined loops, by instruction.
     */
    record Plan(List<Loop> loops, Map<Integer, Loop> backEdges, Map<Integer, Exit> exits) {
        static final Plan NONE = new Plan(List.of(), Map.of(), Map.of());
    }

    /**
     * A jump out of strip-mined loops: it polls on the way, unless {@code counter}, the one down-counting loop
     * it leaves forwards, has run no iteration since its last poll ({@code counter} null: it always polls).
     */
    record Exit(Loop counter) {}

    /**
     * One strip-mined loop; instruction indexes as {@link IndexedInsns} counts them: {@code head} the first
     * instruction at {@code H}, {@code back} its last back-edge. A counted loop has its index {@code var}
     * (negative for a down-counting loop), its {@code test}, the conditional jump after {@code H} (for a
     * down-counting loop, {@code head}), and its bound; {@code slot} is the local of its {@code lim} or
     * {@code k}.
     */
    record Loop(int head, int test, int back, int var, int step, boolean inclusive, int boundOp, int boundOperand,
                int chunk, int slot) {
        static Loop counter(int head, int back) {
            return new Loop(head, head, back, -1, 0, false, 0, 0, chunkFor(back - head + 1), -1);
        }

        boolean counted() {
            return var >= 0;
        }

        /** Whether the instruction at {@code insn} is in the loop. */
        boolean contains(int insn) {
            return insn >= head && insn <= back;
        }

        /** Whether the loop's local is live at {@code insn}: in a chunk, after {@code lim} or {@code k} is set. */
        boolean covers(int insn) {
            return insn > test && insn <= back;
        }

        Loop inSlot(int s) {
            return new Loop(head, test, back, var, step, inclusive, boundOp, boundOperand, chunk, s);
        }

        /** Counted: {@code lim}, the first index past this chunk (see the class comment); needs six stack slots. */
        void storeLimit(MethodVisitor mv) {
            int addOrSub = step > 0 ? Opcodes.LADD : Opcodes.LSUB;
            mv.visitVarInsn(Opcodes.ILOAD, var);
            mv.visitInsn(Opcodes.I2L);
            mv.visitLdcInsn((long) chunk);
            mv.visitInsn(addOrSub);
            switch (boundOp) {
                case Opcodes.ILOAD -> mv.visitVarInsn(Opcodes.ILOAD, boundOperand);
                case Opcodes.ARRAYLENGTH -> {
                    mv.visitVarInsn(Opcodes.ALOAD, boundOperand);
                    mv.visitInsn(Opcodes.ARRAYLENGTH);
                }
                default -> mv.visitLdcInsn(boundOperand);
            }
            mv.visitInsn(Opcodes.I2L);
            if (inclusive) {
                mv.visitInsn(Opcodes.LCONST_1);
                mv.visitInsn(addOrSub);
            }
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Math", step > 0 ? "min" : "max", "(JJ)J", false);
            mv.visitInsn(Opcodes.L2I);
            mv.visitVarInsn(Opcodes.ISTORE, slot);
        }

        /** Counted: the inner back-edge, {@code if (i < lim) goto inner}, or {@code i > lim} counting down. */
        void jumpIfInChunk(MethodVisitor mv, Label inner) {
            mv.visitVarInsn(Opcodes.ILOAD, var);
            mv.visitVarInsn(Opcodes.ILOAD, slot);
            mv.visitJumpInsn(step > 0 ? Opcodes.IF_ICMPLT : Opcodes.IF_ICMPGT, inner);
        }

        /** Down-counting: {@code k = chunk}. */
        void startCount(MethodVisitor mv) {
            mv.visitIntInsn(Opcodes.SIPUSH, chunk);
            mv.visitVarInsn(Opcodes.ISTORE, slot);
        }

        /** Down-counting: the inner back-edge, {@code if (--k > 0) goto inner}. */
        void countDown(MethodVisitor mv, Label inner) {
            mv.visitIincInsn(slot, -1);
            mv.visitVarInsn(Opcodes.ILOAD, slot);
            mv.visitJumpInsn(Opcodes.IFGT, inner);
        }

        /** Down-counting: {@code if (k == chunk) goto target}, no iteration since the last poll. */
        void jumpIfNoIteration(MethodVisitor mv, Label target) {
            mv.visitVarInsn(Opcodes.ILOAD, slot);
            mv.visitIntInsn(Opcodes.SIPUSH, chunk);
            mv.visitJumpInsn(Opcodes.IF_ICMPEQ, target);
        }
    }

    /** The chunk of a loop whose body is {@code insns} instructions long ({@link #BUDGET}). */
    static int chunkFor(int insns) {
        return Integer.highestOneBit(Math.clamp(BUDGET / Math.max(1, insns), 1, MAX_CHUNK));
    }

    /**
     * The frame locals {@code locals[0..n)} (ASM's expanded form: a long or double is one entry for two slots)
     * with the local of each loop in {@code loops} added, as {@code int}, at its slot.
     */
    static Object[] withSlots(Object[] locals, int n, List<Loop> loops) {
        List<Object> out = new ArrayList<>(n == 0 ? List.of() : Arrays.asList(locals).subList(0, n));
        int slots = 0;
        for (int k = 0; k < n; k++) {
            slots += locals[k] == Opcodes.LONG || locals[k] == Opcodes.DOUBLE ? 2 : 1;
        }
        for (Loop l : loops) { // in slot order
            for (; slots < l.slot; slots++) {
                out.add(Opcodes.TOP);
            }
            out.add(Opcodes.INTEGER);
            slots++;
        }
        return out.toArray();
    }

    /** One instruction as the finder needs it. */
    private record Insn(int op, int operand, int increment, Label[] targets, String owner) {}

    /**
     * Records a method's instructions in a pre-pass; {@link #loops} then names its strip-minable loops.
     * {@code polled} tells whether calls to a class (internal name) leave a loop strip-minable.
     */
    static final class Finder extends IndexedInsns {
        private static final Label[] NONE = {};
        private final Predicate<String> polled;
        private final List<Insn> insns = new ArrayList<>();
        private final Map<Label, Integer> positions = new HashMap<>();
        private final List<Label[]> handlers = new ArrayList<>(); // {start, end, handler}

        Finder(Predicate<String> polled) {
            super(null);
            this.polled = polled;
        }

        private void add(int op, int operand, int increment, Label[] targets, String owner) {
            insns.add(new Insn(op, operand, increment, targets, owner));
        }

        @Override
        public void visitLabel(Label label) {
            positions.put(label, insn);
        }

        @Override
        public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
            handlers.add(new Label[] {start, end, handler});
        }

        @Override
        public void visitInsn(int opcode) {
            boolean constant = opcode >= Opcodes.ICONST_M1 && opcode <= Opcodes.ICONST_5;
            add(constant ? INT_CONST : opcode, opcode - Opcodes.ICONST_0, 0, NONE, null);
            super.visitInsn(opcode);
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            add(opcode == Opcodes.NEWARRAY ? opcode : INT_CONST, operand, 0, NONE, null);
            super.visitIntInsn(opcode, operand);
        }

        @Override
        public void visitVarInsn(int opcode, int var) {
            add(opcode, var, 0, NONE, null);
            super.visitVarInsn(opcode, var);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            add(opcode, 0, 0, NONE, null);
            super.visitTypeInsn(opcode, type);
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String desc) {
            add(opcode, 0, 0, NONE, null);
            super.visitFieldInsn(opcode, owner, name, desc);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String desc, boolean itf) {
            add(opcode, 0, 0, NONE, owner);
            super.visitMethodInsn(opcode, owner, name, desc, itf);
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String desc, Handle bsm, Object... bsmArgs) {
            add(Opcodes.INVOKEDYNAMIC, 0, 0, NONE, null); // owner null: never a polled class
            super.visitInvokeDynamicInsn(name, desc, bsm, bsmArgs);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            add(opcode, 0, 0, new Label[] {label}, null);
            super.visitJumpInsn(opcode, label);
        }

        @Override
        public void visitLdcInsn(Object value) {
            boolean constant = value instanceof Integer;
            add(constant ? INT_CONST : Opcodes.LDC, constant ? (Integer) value : 0, 0, NONE, null);
            super.visitLdcInsn(value);
        }

        @Override
        public void visitIincInsn(int var, int increment) {
            add(Opcodes.IINC, var, increment, NONE, null);
            super.visitIincInsn(var, increment);
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
            add(Opcodes.TABLESWITCH, 0, 0, switchTargets(dflt, labels), null);
            super.visitTableSwitchInsn(min, max, dflt, labels);
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
            add(Opcodes.LOOKUPSWITCH, 0, 0, switchTargets(dflt, labels), null);
            super.visitLookupSwitchInsn(dflt, keys, labels);
        }

        private static Label[] switchTargets(Label dflt, Label[] labels) {
            Label[] all = Arrays.copyOf(labels, labels.length + 1);
            all[labels.length] = dflt;
            return all;
        }

        @Override
        public void visitMultiANewArrayInsn(String desc, int dims) {
            add(Opcodes.MULTIANEWARRAY, 0, 0, NONE, null);
            super.visitMultiANewArrayInsn(desc, dims);
        }

        /** The method's plan; the loops' locals take the slots from {@code maxLocals} on. */
        Plan plan(int maxLocals) {
            List<int[]> jumps = new ArrayList<>(); // {from, to, 1 if a switch's}: every jump and switch edge
            for (int k = 0; k < insns.size(); k++) {
                Insn in = insns.get(k);
                int fromSwitch = in.op == Opcodes.TABLESWITCH || in.op == Opcodes.LOOKUPSWITCH ? 1 : 0;
                for (Label target : in.targets) {
                    jumps.add(new int[] {k, positions.get(target), fromSwitch});
                }
            }
            List<Loop> found = new ArrayList<>();
            for (int back = 0; back < insns.size(); back++) {
                Insn g = insns.get(back);
                if (g.op == Opcodes.GOTO) {
                    Loop l = loopClosedBy(back, g.targets[0], jumps);
                    if (l != null) {
                        found.add(l);
                    }
                }
            }
            Set<Integer> heads = new HashSet<>(); // of the loops found so far, and the heads tried
            found.forEach(l -> heads.add(l.head));
            for (int[] j : jumps) {
                if (j[0] >= j[1] && heads.add(j[1])) {
                    Loop l = counterLoop(j[1], jumps);
                    if (l != null) {
                        found.add(l);
                    }
                }
            }
            found.sort((a, b) -> Integer.compare(a.head, b.head));
            List<Loop> loops = new ArrayList<>();
            for (Loop l : found) {
                boolean nests = loops.stream().allMatch(o -> l.head > o.back || l.back <= o.back);
                if (nests) {
                    loops.add(l.inSlot(maxLocals + loops.size()));
                }
            }
            Map<Integer, Loop> backEdges = new HashMap<>();
            Map<Integer, Exit> exits = new HashMap<>();
            for (int[] j : jumps) {
                List<Loop> left = new ArrayList<>();
                for (Loop l : loops) {
                    if (!l.counted() && j[1] == l.head && l.contains(j[0])) {
                        backEdges.put(j[0], l);
                    }
                    if (l.contains(j[0]) && !l.contains(j[1]) && !(l.counted() && j[0] == l.test)) {
                        left.add(l);
                    }
                }
                if (!left.isEmpty()) {
                    Loop only = left.get(0);
                    boolean counts = left.size() == 1 && !only.counted() && j[1] > only.back;
                    exits.put(j[0], new Exit(counts ? only : null));
                }
            }
            return loops.isEmpty() ? Plan.NONE : new Plan(List.copyOf(loops), backEdges, exits);
        }

        /** The loop whose back-edge is the {@code goto} at {@code back}, if it has the counted shape; else null. */
        private Loop loopClosedBy(int back, Label h, List<int[]> jumps) {
            int head = positions.get(h);
            if (head >= back || insns.get(head).op != Opcodes.ILOAD) {
                return null;
            }
            int var = insns.get(head).operand;
            Insn b = insns.get(head + 1);
            int boundOp;
            int boundOperand = b.operand;
            int test = head + 2;
            if (ZERO_TESTS.containsKey(b.op)) { // iload i; ifge X: a bound of 0
                boundOp = INT_CONST;
                boundOperand = 0;
                test = head + 1;
            } else if (b.op == Opcodes.ILOAD || b.op == INT_CONST) {
                boundOp = b.op;
            } else if (b.op == Opcodes.ALOAD && insns.get(head + 2).op == Opcodes.ARRAYLENGTH) {
                boundOp = Opcodes.ARRAYLENGTH;
                test = head + 3;
            } else {
                return null;
            }
            if (test >= back - 1) {
                return null; // no room for a body and the latch
            }
            Insn t = insns.get(test);
            Integer shape = test == head + 1 ? ZERO_TESTS.get(t.op) : TESTS.get(t.op);
            Insn latch = insns.get(back - 1);
            if (shape == null || inside(t.targets[0], head, back)) {
                return null;
            }
            int step = shape > 0 ? 1 : -1;
            if (latch.op != Opcodes.IINC || latch.operand != var || latch.increment != step) {
                return null;
            }
            int boundVar = boundOp == INT_CONST ? -1 : boundOperand;
            for (int k = test + 1; k < back - 1; k++) {
                Insn in = insns.get(k);
                boolean stores = in.op == Opcodes.IINC || (in.op >= Opcodes.ISTORE && in.op <= Opcodes.ASTORE);
                boolean wide = in.op == Opcodes.LSTORE || in.op == Opcodes.DSTORE; // also writes operand + 1
                if (stores && (in.operand == var || in.operand == boundVar
                        || wide && (in.operand + 1 == var || in.operand + 1 == boundVar))) {
                    return null;
                }
            }
            for (int[] j : jumps) {
                if (j[1] == head && j[0] != back) {
                    return null;
                }
            }
            Loop l = new Loop(head, test, back, var, step, Math.abs(shape) == 2, boundOp, boundOperand,
                    chunkFor(back - test - 1), -1);
            return selfContained(l, jumps) ? l : null;
        }

        /** The down-counting loop headed at {@code head}: it ends at the last jump back to it. */
        private Loop counterLoop(int head, List<int[]> jumps) {
            int back = -1;
            for (int[] j : jumps) {
                if (j[1] == head && j[0] >= head) {
                    if (j[2] == 1) {
                        return null; // a switch back to the head: no latch for it
                    }
                    back = Math.max(back, j[0]);
                }
            }
            Loop l = Loop.counter(head, back);
            return selfContained(l, jumps) ? l : null;
        }

        /**
         * Whether {@code l} can be strip-mined whatever its shape: it calls only polled classes, nothing enters
         * it but at its head, no switch leaves it, and its exception handlers cover only its own code, where its
         * local is live.
         */
        private boolean selfContained(Loop l, List<int[]> jumps) {
            for (int k = l.head; k <= l.back; k++) {
                Insn in = insns.get(k);
                boolean call = in.op >= Opcodes.INVOKEVIRTUAL && in.op <= Opcodes.INVOKEDYNAMIC;
                boolean bounded = in.owner != null && (polled.test(in.owner) || CONSTANT_TIME.contains(in.owner));
                if (call && !bounded || in.op == Opcodes.JSR) {
                    return false;
                }
            }
            for (int[] j : jumps) {
                if (!l.contains(j[0]) && l.contains(j[1]) && j[1] != l.head
                        || j[2] == 1 && l.contains(j[0]) && !l.contains(j[1])) {
                    return false;
                }
            }
            for (Label[] h : handlers) {
                int start = positions.get(h[0]);
                int end = positions.get(h[1]);
                if (l.contains(positions.get(h[2])) && !(l.covers(start) && end <= l.back + 1 && l.covers(
                        positions.get(h[2])))) {
                    return false;
                }
            }
            return true;
        }

        private boolean inside(Label l, int from, int to) {
            int p = positions.get(l);
            return p >= from && p <= to;
        }
    }
}
