package nnworkshop.lab;

/** An HTTP error the API answers with {@code {"error": message}}: one line, no stack trace. */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    ApiError(int status, String message) {
        super(message.replace('\n', ' ').replace('\r', ' '));
        this.status = status;
    }
}
