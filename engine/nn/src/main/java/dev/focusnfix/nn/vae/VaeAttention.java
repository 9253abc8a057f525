package dev.focusnfix.nn.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.nn.layers.GroupNorm;
import dev.focusnfix.nn.layers.Linear;
import dev.focusnfix.nn.module.Module;
import dev.focusnfix.nn.module.ModuleList;
import dev.focusnfix.api.tensor.Scalars;

/**
 * The autoencoder's mid-block self-attention (diffusers {@code Attention} with group norm, one head of all channels,
 * residual connection): every spatial position attends to every other.
 * {@code x + to_out(softmax(q k^T / sqrt(C)) v)} with {@code q, k, v} projections of {@code group_norm(x)}.
 */
final class VaeAttention extends Module {

    private final GroupNorm groupNorm;
    private final Linear toQ;
    private final Linear toK;
    private final Linear toV;
    private final Linear toOut;
    private final double scale;

    VaeAttention(int channels, int groups) {
        this.groupNorm = register("group_norm", new GroupNorm(groups, channels, 1e-6f));
        this.toQ = register("to_q", new Linear(channels, channels, true));
        this.toK = register("to_k", new Linear(channels, channels, true));
        this.toV = register("to_v", new Linear(channels, channels, true));
        ModuleList<Linear> out = register("to_out", new ModuleList<>());
        this.toOut = out.add(new Linear(channels, channels, true));
        this.scale = 1.0 / Math.sqrt(channels);
    }

    NDArray forward(NDArray x) {
        Shape shape = x.getShape();
        long n = shape.get(0);
        long c = shape.get(1);
        long positions = shape.get(2) * shape.get(3);
        // [N, C, H, W] -> [N, HW, C]: one token per spatial position.
        NDArray tokens = Ops.then(groupNorm.forward(x), h -> h.reshape(n, c, positions));
        tokens = Ops.then(tokens, t -> t.transpose(0, 2, 1));
        NDArray q = toQ.forward(tokens);
        NDArray k = toK.forward(tokens);
        NDArray v = toV.forward(tokens);
        tokens.close();
        NDArray kT = Ops.then(k, t -> t.transpose(0, 2, 1));
        NDArray scores = Ops.then(Scalars.mul(q, scale), s -> s.batchMatMul(kT));
        q.close();
        kT.close();
        DataType type = scores.getDataType();
        boolean upcast = type == DataType.FLOAT16 || type == DataType.BFLOAT16;
        // Softmax in float32 for half-precision inputs, as the reference upcasts it.
        NDArray weights;
        if (upcast) {
            NDArray wide = Ops.then(scores, s -> s.toType(DataType.FLOAT32, false));
            NDArray wideWeights = Ops.then(wide, s -> s.softmax(-1));
            weights = Ops.then(wideWeights, w -> w.toType(type, false));
        } else {
            weights = Ops.then(scores, s -> s.softmax(-1));
        }
        NDArray attended = Ops.then(weights, w -> w.batchMatMul(v));
        v.close();
        NDArray projected = Ops.then(attended, toOut::forward);
        NDArray spatial = Ops.then(projected, p -> p.transpose(0, 2, 1));
        spatial = Ops.then(spatial, s -> s.reshape(shape));
        return Ops.then(spatial, s -> s.add(x));
    }
}
