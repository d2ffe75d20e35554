package dev.gmp.agent.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gmp.testapp.polls.Polled;
import java.util.Map;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/**
 * Where {@code preempt=} puts its polls: at the entry and every loop back-edge of methods that call or loop, and
 * none in straight-line methods (Go's leaf functions have no prologue check; cmd/internal/obj/x86/obj6.go).
 * Weaves a fixture class and counts the calls to {@code Preemption.poll()} per method.
 */
class PreemptionPollsTest {
    @Test
    void straightLineMethodsHaveNoPollAndOthersPollAtEntryAndInLoops() throws Exception {
        Map<String, Integer> polls = Woven.pollsPerMethod(Woven.weave(Polled.class));
        assertEquals(0, polls.get("leaf"), polls.toString());
        assertEquals(0, polls.get("lambda$lambda$0"), "an empty lambda body: " + polls);
        assertEquals(2, polls.get("leafLoop"), "entry and back-edge: " + polls);
        assertEquals(1, polls.get("fib"), "the entry poll breaks the recursion: " + polls);
        assertEquals(2, polls.get("callsInLoop"), "entry and back-edge: " + polls);
        assertEquals(1, polls.get("lambda"), "invokedynamic is a call: " + polls);
        assertEquals(1, polls.get("<init>"), "the constructor calls Object.<init>: " + polls);
    }

    @Test
    void aLoopClosedByASwitchPollsBeforeTheSwitch() throws Exception {
        // javac never jumps backwards from a switch; other compilers may. The method loops until its argument
        // reaches 0: "tableswitch { 0: out; default: head }".
        String name = "dev/gmp/testapp/polls/SwitchLoop";
        byte[] woven = Woven.weave(name, Woven.generate(name, Opcodes.V1_5, "countDown", mv -> {
            Label head = new Label();
            Label out = new Label();
            mv.visitLabel(head);
            mv.visitIincInsn(0, -1);
            mv.visitVarInsn(Opcodes.ILOAD, 0);
            mv.visitTableSwitchInsn(0, 0, head, out);
            mv.visitLabel(out);
            mv.visitVarInsn(Opcodes.ILOAD, 0);
            mv.visitInsn(Opcodes.IRETURN);
        }));
        Map<String, Integer> polls = Woven.pollsPerMethod(woven);
        assertEquals(2, polls.get("countDown"), "an entry poll and one before the switch: " + polls);
        assertEquals(1 + 7, Woven.pollsOfCall(woven, name, "countDown", 7, 0), "the entry's, then one per iteration");
    }
}
