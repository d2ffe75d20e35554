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
