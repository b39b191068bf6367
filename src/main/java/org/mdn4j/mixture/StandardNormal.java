package org.mdn4j.mixture;

/**
 * The standard normal density and distribution function to near double precision; the JDK has
 * no erf, and the quantiles are solved to 1e-7, which a 1e-7-accurate approximation of Φ could not
 * support.
 */
final class StandardNormal {

    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
    /** Beyond this |x| the continued fraction converges quickly and the series loses digits. */
    private static final double SERIES_LIMIT = 5;

    private StandardNormal() {
    }

    static double pdf(double x) {
        return Math.exp(-0.5 * x * x - LOG_SQRT_2PI);
    }

    /** Φ(x). */
    static double cdf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        if (x < -SERIES_LIMIT) {
            return lowerTail(x);
        }
        if (x > SERIES_LIMIT) {
            return 1 - lowerTail(-x);
        }
        // Marsaglia (2004): Φ(x) = 1/2 + φ(x)·(x + x³/3 + x⁵/(3·5) + …); every term is positive,
        // so the sum is accurate to rounding and stops when a term no longer changes it.
        double sum = x;
        double term = x;
        double q = x * x;
        double previous = 0;
        for (int i = 3; sum != previous; i += 2) {
            previous = sum;
            term *= q / i;
            sum += term;
        }
        return 0.5 + sum * pdf(x);
    }

    /**
     * Φ(x) for x &lt; −5 by the continued fraction φ(x)/(|x| + 1/(|x| + 2/(|x| + …))), evaluated
     * with the modified Lentz method, which keeps full relative accuracy far into the tail.
     */
    private static double lowerTail(double x) {
        double a = -x;
        double tiny = 1e-300;
        double f = a;
        double c = a;
        double d = 0;
        for (int n = 1; n < 500; n++) {
            d = a + n * d;
            d = d == 0 ? tiny : 1 / d;
            c = a + n / c;
            if (c == 0) {
                c = tiny;
            }
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return pdf(x) / f;
    }
}
