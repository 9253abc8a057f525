package dev.focusnfix.nn.kernels;

/** The fused kernels were asked for but cannot be loaded here; the message names the cause and the way out. */
public final class KernelUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KernelUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
