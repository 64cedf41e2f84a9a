package nnworkshop;

/**
 * A user-facing error: bad input, a missing tool, a corrupt file, a diverging learning rate.
 *
 * <p>The message is one line that says what is wrong and what to do. The CLI prints it without a
 * stack trace (unless {@code --debug}) and exits with {@link #exitCode()} (2 by default).
 * Anything that is not a {@code WorkshopException} is a bug and is reported as one.
 */
public class WorkshopException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public WorkshopException(String message) {
        this(message, null);
    }

    public WorkshopException(String message, Throwable cause) {
        super(message, cause);
        this.exitCode = 2;
    }

    /** The process exit code the CLI uses for this error. */
    public int exitCode() {
        return exitCode;
    }
}
