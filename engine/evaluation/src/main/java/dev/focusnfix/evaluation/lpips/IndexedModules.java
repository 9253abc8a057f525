package dev.focusnfix.evaluation.lpips;

import dev.focusnfix.nn.module.Module;

/**
 * A container whose children are named by their position in a PyTorch {@code Sequential}, which may have gaps where
 * the sequence holds weight-free layers (ReLU, pooling, dropout): {@code slice2.3.weight}, {@code model.1.weight}.
 */
final class IndexedModules extends Module {

    /** Registers {@code child} under the name {@code index} and returns it. */
    <M extends Module> M add(int index, M child) {
        return register(Integer.toString(index), child);
    }
}
