package dev.gmp.internal.sched;

/** Test access to CreationSites' verification constants from other packages. */
public final class CreationSitesAccess {
    private CreationSitesAccess() {}

    public static int verifyFirst() {
        return CreationSites.VERIFY_FIRST;
    }

    public static int verifyEvery() {
        return CreationSites.VERIFY_EVERY;
    }

    public static int verifyMax() {
        return CreationSites.VERIFY_MAX;
    }

    /** What a thread adopted to run {@code key} gets as its site, started from the caller's frame. */
    public static StackTraceElement[] startSite(Object key) {
        return CreationSites.captureStart(key, false);
    }

    /** Whether threads running {@code taskClass} now get a cached site. */
    public static boolean trusted(Class<?> taskClass) {
        return CreationSites.taskSite(taskClass).trusted();
    }

    /** Whether {@code taskClass} was seen started from two sites (walked on every start since). */
    public static boolean varies(Class<?> taskClass) {
        return CreationSites.taskSite(taskClass).varies();
    }

    /** The site threads running {@code taskClass} get without a walk; null while not {@link #trusted}. */
    public static StackTraceElement[] trustedSite(Class<?> taskClass) {
        return CreationSites.taskSite(taskClass).trustedSite();
    }
}
