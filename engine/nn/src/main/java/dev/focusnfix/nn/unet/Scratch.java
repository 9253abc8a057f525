package dev.focusnfix.nn.unet;

import ai.djl.ndarray.NDArray;

/** Frees intermediates as soon as the next step no longer needs them, so peak memory stays near one block's. */
final class Scratch {

    private Scratch() {}

    /** Closes {@code consumed} (unless it is {@code keep}, typically the block's input) and returns {@code next}. */
    static NDArray swap(NDArray consumed, NDArray next, NDArray keep) {
        if (consumed != keep && consumed != next) {
            consumed.close();
        }
        return next;
    }

    /** Closes {@code consumed} and returns {@code next}. */
    static NDArray swap(NDArray consumed, NDArray next) {
        return swap(consumed, next, null);
    }
}
