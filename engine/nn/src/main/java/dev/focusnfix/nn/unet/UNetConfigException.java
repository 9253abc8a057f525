package dev.focusnfix.nn.unet;

import dev.focusnfix.api.InvalidInputException;

/** A UNet {@code config.json} asks for something this implementation does not support; the message names the key. */
public class UNetConfigException extends InvalidInputException {

    private static final long serialVersionUID = 1L;

    public UNetConfigException(String message) {
        super(message);
    }
}
