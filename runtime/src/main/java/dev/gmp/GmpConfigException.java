package dev.gmp;

/**
 * A configuration value is invalid. The message is one line naming the setting and its valid values; there is
 * no stack trace, because the fix is in the configuration, not in the code.
 */
public final class GmpConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public GmpConfigException(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
