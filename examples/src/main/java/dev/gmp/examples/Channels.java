package dev.gmp.examples;

import dev.gmp.Chan;
import dev.gmp.Go;
import dev.gmp.Recv;

/**
 * Channels, blocking and non-blocking. (1) An unbuffered send blocks until a receiver comes: the sender parks
 * with wait reason {@code chan send} (no thread blocks). (2) A buffered channel of 3 takes 3 sends without
 * blocking; a 4th {@code trySend} (Go: {@code select} with {@code default}) fails instead of blocking, and
 * {@code tryRecv} on an empty channel returns "would block" at once. (3) {@code close} ends a {@code for range} loop.
 * Watch the wait reason and the true/false results of the non-blocking operations.
 */
public final class Channels implements Example {
    @Override
    public String name() {
        return "channels";
    }

    @Override
    public String summary() {
        return "channels: unbuffered send parks, buffered and non-blocking ops, close + range";
    }

    @Override
    public String run(Narrator out) throws Exception {
        out.say("1) unbuffered: a goroutine sends while nobody receives -> it parks in [chan send];\n"
                + "2) buffered(3): 3 sends fit, trySend #4 returns false, tryRecv on empty says would-block;\n"
                + "3) a producer closes its channel; the consumer's for-range loop ends.");
        String[] lines = new String[4];
        boolean[] fourth = new boolean[1];
        int[] ranged = new int[1];
        Go.run(() -> {
            // 1) Unbuffered: the sender waits for the receiver.
            Chan<String> unbuffered = Chan.make();
            Go.go(() -> unbuffered.send("hello"));
            Work.until(() -> Work.waitReasons().containsKey("chan send"), 2_000);
            lines[0] = "1) before the receive: " + Work.waitReasons().getOrDefault("chan send", 0)
                    + " goroutine parked in [chan send]";
            String got = unbuffered.recv();
            lines[0] += "; then recv() = \"" + got + "\"";

            // 2) Buffered and non-blocking.
            Chan<Integer> buffered = Chan.make(3);
            StringBuilder sb = new StringBuilder("2) cap=3:");
            for (int i = 1; i <= 4; i++) {
                boolean sent = buffered.trySend(i);
                fourth[0] = sent;
                sb.append(" trySend(").append(i).append(")=").append(sent);
            }
            sb.append(" len=").append(buffered.len());
            lines[1] = sb.toString();
            StringBuilder drain = new StringBuilder("   tryRecv:");
            for (int i = 0; i < 4; i++) {
                Recv<Integer> r = buffered.tryRecv();
                drain.append(' ').append(r == null ? "would-block" : r.ok() ? r.value().toString() : "closed");
            }
            lines[2] = drain.toString();

            // 3) close + range.
            Chan<Integer> numbers = Chan.make();
            Go.go(() -> {
                for (int i = 1; i <= 1000; i++) {
                    numbers.send(i);
                }
                numbers.close();
            });
            long sum = 0;
            int count = 0;
            for (int n : numbers) {
                sum += n;
                count++;
            }
            ranged[0] = count;
            lines[3] = "3) for-range received " + count + " values, sum " + sum + ", loop ended on close";
        });
        for (String l : lines) {
            out.say(l);
        }
        return "send parked [chan send]; trySend #4=" + fourth[0] + "; range got " + ranged[0];
    }
}
