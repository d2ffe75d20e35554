package dev.gmp.conformance;

import dev.gmp.Chan;
import dev.gmp.Go;
import dev.gmp.Select;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Semantics of golang/go test/chan/powser1.go: Doug McIlroy's power series ("Squinting at Power Series"), where a
 * power series is a demand channel pair along which rational coefficients flow, and every operator (Add, Mul,
 * Diff, Integ, Exp, MonSubst, ...) is a network of goroutines connected by unbuffered channels and selects. The
 * checks are powser1.go's: Ones, Add, Diff, Integ, Cmul, Sub, Mul, Exp and ATan to 10 terms.
 */
@Timeout(120)
class Powser1Test {
    /** rat: a rational number; den == 0 marks the end of a series. */
    record Rat(long num, long den) {
        @Override
        public String toString() {
            return den == 1 ? Long.toString(num) : num + "/" + den;
        }
    }

    /** dch: a demand channel: a request channel and a data channel. */
    static final class Dch {
        final Chan<Integer> req = Chan.make();
        final Chan<Rat> dat = Chan.make();
    }

    /** One power-series universe (Go's package-level state: seqno, constants, Ones, Twos). */
    static final class PowSer {
        int seqno; // racy in Go too; only used as a request token
        final Rat zero = itor(0), one = itor(1), finis = i2tor(1, 0);
        final Dch ones, twos;

        PowSer() {
            ones = rep(one);
            twos = rep(itor(2));
        }

        static long gcd(long u, long v) {
            if (u < 0) return gcd(-u, v);
            if (u == 0) return v;
            return gcd(v % u, u);
        }

        static Rat i2tor(long u, long v) {
            long g = gcd(u, v);
            return v > 0 ? new Rat(u / g, v / g) : new Rat(-u / g, -v / g);
        }

        static Rat itor(long u) {
            return i2tor(u, 1);
        }

        static boolean end(Rat u) {
            return u.den == 0;
        }

        static Rat add(Rat u, Rat v) {
            long g = gcd(u.den, v.den);
            return i2tor(u.num * (v.den / g) + v.num * (u.den / g), u.den * (v.den / g));
        }

        static Rat mul(Rat u, Rat v) {
            long g1 = gcd(u.num, v.den), g2 = gcd(u.den, v.num);
            return new Rat((u.num / g1) * (v.num / g2), (u.den / g2) * (v.den / g1));
        }

        static Rat neg(Rat u) {
            return i2tor(-u.num, u.den);
        }

        /**
         * dosplit: reads one demand channel and replicates its output onto two read at different rates. The newest
         * generation serves out[0]; the oldest serves out[1]; a release signal hands out[1] to the next newer.
         */
        void dosplit(Dch in, Dch[] out, Chan<Integer> wait) {
            boolean[] both = {false}; // do not service both channels
            Select.make()
                    .recv(out[0].req, x -> { })
                    .recv(wait, x -> {
                        both[0] = true;
                        Select.make()
                                .recv(out[0].req, y -> { })
                                .recv(out[1].req, y -> {
                                    Dch t = out[0];
                                    out[0] = out[1];
                                    out[1] = t;
                                })
                                .select();
                    })
                    .select();
            seqno++;
            in.req.send(seqno);
            Chan<Integer> release = Chan.make();
            Go.go(() -> dosplit(in, out, release));
            Rat dat = in.dat.recv();
            out[0].dat.send(dat);
            if (!both[0]) {
                wait.recv();
            }
            out[1].req.recv();
            out[1].dat.send(dat);
            release.send(0);
        }

        void split(Dch in, Dch[] out) {
            Chan<Integer> release = Chan.make();
            Go.go(() -> dosplit(in, out, release));
            release.send(0);
        }

        static void put(Rat dat, Dch out) {
            out.req.recv();
            out.dat.send(dat);
        }

        Rat get(Dch in) {
            seqno++;
            in.req.send(seqno);
            return in.dat.recv();
        }

        /** getn for n = 2: one item from each of two demand channels, requests and replies in any order. */
        Rat[] get2(Dch in0, Dch in1) {
            Dch[] in = {in0, in1};
            @SuppressWarnings("unchecked")
            Chan<Integer>[] req = new Chan[] {in0.req, in1.req};
            @SuppressWarnings("unchecked")
            Chan<Rat>[] dat = new Chan[] {Chan.nil(), Chan.nil()};
            Rat[] out = new Rat[2];
            for (int n = 4; n > 0; n--) {
                seqno++;
                Select s = Select.make().send(req[0], seqno).send(req[1], seqno).recv(dat[0]).recv(dat[1]);
                int k = s.select();
                switch (k) {
                    case 0, 1 -> {
                        dat[k] = in[k].dat;
                        req[k] = Chan.nil();
                    }
                    default -> {
                        out[k - 2] = (Rat) s.received();
                        dat[k - 2] = Chan.nil();
                    }
                }
            }
            return out;
        }

        void copy(Dch in, Dch out) {
            for (;;) {
                out.req.recv();
                out.dat.send(get(in));
            }
        }

        static void repeat(Rat dat, Dch out) {
            for (;;) {
                put(dat, out);
            }
        }

        Dch[] mkPS2() {
            return new Dch[] {new Dch(), new Dch()};
        }

        Dch[] split(Dch u) {
            Dch[] uu = mkPS2();
            Go.go(() -> split(u, uu));
            return uu;
        }

        Dch add(Dch u, Dch v) {
            Dch z = new Dch();
            Go.go(() -> {
                for (;;) {
                    z.req.recv();
                    Rat[] uv = get2(u, v);
                    switch ((end(uv[0]) ? 1 : 0) + 2 * (end(uv[1]) ? 1 : 0)) {
                        case 0 -> z.dat.send(add(uv[0], uv[1]));
                        case 1 -> {
                            z.dat.send(uv[1]);
                            copy(v, z);
                        }
                        case 2 -> {
                            z.dat.send(uv[0]);
                            copy(u, z);
                        }
                        default -> z.dat.send(finis);
                    }
                }
            });
            return z;
        }

        Dch cmul(Rat c, Dch u) {
            Dch z = new Dch();
            Go.go(() -> {
                boolean done = false;
                while (!done) {
                    z.req.recv();
                    Rat x = get(u);
                    if (end(x)) {
                        done = true;
                    } else {
                        z.dat.send(mul(c, x));
                    }
                }
                z.dat.send(finis);
            });
            return z;
        }

        Dch sub(Dch u, Dch v) {
            return add(u, cmul(neg(one), v));
        }

        Dch rep(Rat c) {
            Dch z = new Dch();
            Go.go(() -> repeat(c, z));
            return z;
        }

        /** Mul: U = u + x*UU, V = v + x*VV, UV = u*v + x*(u*VV+v*UU) + x*x*UU*VV. */
        Dch mul(Dch u, Dch v) {
            Dch z = new Dch();
            Go.go(() -> {
                z.req.recv();
                Rat[] uv = get2(u, v);
                if (end(uv[0]) || end(uv[1])) {
                    z.dat.send(finis);
                } else {
                    z.dat.send(mul(uv[0], uv[1]));
                    Dch[] uu = split(u);
                    Dch[] vv = split(v);
                    Dch w = add(cmul(uv[0], vv[0]), cmul(uv[1], uu[0]));
                    z.req.recv();
                    z.dat.send(get(w));
                    copy(add(w, mul(uu[1], vv[1])), z);
                }
            });
            return z;
        }

        Dch diff(Dch u) {
            Dch z = new Dch();
            Go.go(() -> {
                z.req.recv();
                Rat x = get(u);
                if (!end(x)) {
                    boolean done = false;
                    for (int i = 1; !done; i++) {
                        x = get(u);
                        if (end(x)) {
                            done = true;
                        } else {
                            z.dat.send(mul(itor(i), x));
                            z.req.recv();
                        }
                    }
                }
                z.dat.send(finis);
            });
            return z;
        }

        Dch integ(Rat c, Dch u) {
            Dch z = new Dch();
            Go.go(() -> {
                put(c, z);
                boolean done = false;
                for (int i = 1; !done; i++) {
                    z.req.recv();
                    Rat x = get(u);
                    if (end(x)) {
                        done = true;
                    }
                    z.dat.send(mul(i2tor(1, i), x));
                }
                z.dat.send(finis);
            });
            return z;
        }

        /** Exp of a series with constant term 0: DZ = Z*DU, integrated. */
        Dch exp(Dch u) {
            Dch[] zz = mkPS2();
            split(integ(one, mul(zz[0], diff(u))), zz);
            return zz[1];
        }

        /** MonSubst: U(c x^n). */
        Dch monSubst(Dch u, Rat c0, int n) {
            Dch z = new Dch();
            Go.go(() -> {
                Rat c = one;
                for (;;) {
                    z.req.recv();
                    Rat x = get(u);
                    z.dat.send(mul(x, c));
                    c = mul(c, c0);
                    if (end(x)) {
                        z.dat.send(finis);
                        break;
                    }
                    for (int i = 1; i < n; i++) {
                        z.req.recv();
                        z.dat.send(zero);
                    }
                }
            });
            return z;
        }

        void check(GoTesting t, Dch u, Rat c, int count, String str) {
            for (int i = 0; i < count; i++) {
                Rat r = get(u);
                if (!r.equals(c)) {
                    t.fatalf("%s: got %s should get %s", str, r, c);
                }
            }
        }

        void checka(GoTesting t, Dch u, Rat[] a, String str) {
            for (Rat r : a) {
                check(t, u, r, 1, str);
            }
        }
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void powser1(int procs) {
        GoTesting.runLeavingGoroutines(procs, t -> {
            final int N = 10;
            PowSer ps = new PowSer();
            ps.check(t, ps.ones, ps.one, 5, "Ones");
            ps.check(t, ps.add(ps.ones, ps.ones), PowSer.itor(2), 0, "Add Ones Ones"); // 1 1 1 1 1
            ps.check(t, ps.add(ps.ones, ps.twos), PowSer.itor(3), 0, "Add Ones Twos"); // 3 3 3 3 3
            Rat[] a = new Rat[N];
            Dch d = ps.diff(ps.ones);
            for (int i = 0; i < N; i++) a[i] = PowSer.itor(i + 1);
            ps.checka(t, d, a, "Diff"); // 1 2 3 4 5
            Dch in = ps.integ(ps.zero, ps.ones);
            a[0] = ps.zero; // integration constant
            for (int i = 1; i < N; i++) a[i] = PowSer.i2tor(1, i);
            ps.checka(t, in, a, "Integ"); // 0 1 1/2 1/3 1/4 1/5
            ps.check(t, ps.cmul(PowSer.neg(ps.one), ps.twos), PowSer.itor(-2), 10, "CMul"); // -1 -1 -1 -1 -1
            ps.check(t, ps.sub(ps.ones, ps.twos), PowSer.itor(-1), 0, "Sub Ones Twos"); // -1 -1 -1 -1 -1
            Dch m = ps.mul(ps.ones, ps.ones);
            for (int i = 0; i < N; i++) a[i] = PowSer.itor(i + 1);
            ps.checka(t, m, a, "Mul"); // 1 2 3 4 5
            Dch e = ps.exp(ps.ones);
            a = new Rat[] {PowSer.itor(1), PowSer.itor(1), PowSer.i2tor(3, 2), PowSer.i2tor(13, 6),
                PowSer.i2tor(73, 24), PowSer.i2tor(167, 40), PowSer.i2tor(4051, 720), PowSer.i2tor(37633, 5040),
                PowSer.i2tor(43817, 4480), PowSer.i2tor(4596553, 362880)};
            ps.checka(t, e, a, "Exp"); // 1 1 3/2 13/6 73/24
            Dch at = ps.integ(ps.zero, ps.monSubst(ps.ones, PowSer.neg(ps.one), 2));
            for (int c = 1, i = 0; i < N; i++) {
                if (i % 2 == 0) {
                    a[i] = ps.zero;
                } else {
                    a[i] = PowSer.i2tor(c, i);
                    c *= -1;
                }
            }
            ps.checka(t, at, a, "ATan"); // 0 -1 0 -1/3 0 -1/5
        });
    }
}
