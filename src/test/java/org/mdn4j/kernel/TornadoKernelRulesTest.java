package org.mdn4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ScalarKernels} obeys TornadoVM's kernel rules, checked on its bytecode; and the checker
 * finds each kind of breach in a class written to break them.
 */
class TornadoKernelRulesTest {

    @Test
    void scalarKernelsObeyTornadoVmsRules() throws Exception {
        assertEquals(List.of(), TornadoKernelRules.violations(ScalarKernels.class));
    }

    @Test
    void theCheckerFindsEveryKindOfBreach() throws Exception {
        List<String> found = TornadoKernelRules.violations(RuleBreaker.class);
        String all = String.join("\n", found);
        for (String breach : new String[] {"allocates([F)[F: NEWARRAY", "throwsOne(I)V: NEW",
            "throwsOne(I)V: ATHROW", "recurses: recursion", "usesObjects(Ljava/lang/String;)I: parameter",
            "usesObjects(Ljava/lang/String;)I: INVOKEVIRTUAL", "notStatic(I)I: not public static",
            "readsState()I: GETSTATIC", "catches([F)F: an exception handler", "a static initialiser"}) {
            assertTrue(found.stream().anyMatch(s -> s.startsWith(breach)), () -> "expected '" + breach + "' in:\n" + all);
        }
    }

    /** Breaks each rule once. */
    @SuppressWarnings("unused")
    static final class RuleBreaker {

        private static int state = Integer.getInteger("mdn4j.never.set", 3);

        private RuleBreaker() {
        }

        public static float[] allocates(float[] a) {
            return new float[a.length];
        }

        public static void throwsOne(int n) {
            if (n < 0) {
                throw new IllegalStateException("negative");
            }
        }

        public static int recurses(int n) {
            return n <= 0 ? 0 : recurses(n - 1) + 1;
        }

        public static int usesObjects(String s) {
            return s.length();
        }

        public int notStatic(int n) {
            return n + 1;
        }

        public static int readsState() {
            return state;
        }

        public static float catches(float[] a) {
            try {
                return a[0];
            } catch (ArrayIndexOutOfBoundsException e) {
                return 0f;
            }
        }
    }
}
