package dev.focusnfix.nn.vae;

import dev.focusnfix.api.InvalidInputException;

/** A VAE {@code config.json} this implementation cannot build: the message names the file, the key and the value. */
public class VaeConfigException extends InvalidInputException {

    private static final long serialVersionUID = 1L;

    public VaeConfigException(String message) {
        super(message);
    }
}
