package dev.focusnfix.nn.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.tensor.Scalars;
import java.util.ArrayList;
import java.util.List;

/** Turns prompts and negative prompts into the text conditioning a family's UNet consumes. */
interface PromptEncoder {

    /** Encodes a batch; the result owns a new sub-manager of {@code manager}. */
    TextConditioning encode(PromptBatch prompts, NDManager manager);

    /** The negative prompts followed by the prompts: the row order of a guided UNet call. */
    static List<String> unconditionalThenConditional(PromptBatch batch) {
        if (batch.size() == 0) {
            throw new IllegalArgumentException("the prompt batch is empty");
        }
        List<String> texts = new ArrayList<>(batch.negativePrompts());
        texts.addAll(batch.prompts());
        return texts;
    }

    /**
     * Token ids [rows, length] as an int64 tensor in {@code manager}, on {@code device} (the text encoders' device,
     * which may differ from the manager's default device).
     */
    static NDArray idsTensor(int[][] ids, NDManager manager, Device device) {
        int length = ids[0].length;
        long[] flat = new long[ids.length * length];
        for (int r = 0; r < ids.length; r++) {
            for (int c = 0; c < length; c++) {
                flat[r * length + c] = ids[r][c];
            }
        }
        // Owned by libtorch: an embedding with trainable weights saves its indices for the backward pass.
        NDArray tensor = Scalars.constant(manager, flat, new Shape(ids.length, length));
        if (tensor.getDevice().equals(device)) {
            return tensor;
        }
        NDArray moved = tensor.toDevice(device, false);
        tensor.close();
        return moved;
    }
}
