package dev.focusnfix.nn.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.SparseFormat;
import dev.focusnfix.nn.module.Module;
import dev.focusnfix.nn.module.Parameter;
import dev.focusnfix.nn.module.ParameterInit;

/** A lookup table {@code weight} [count, dim]: integer indices [...] -> vectors [..., dim]. */
public final class Embedding extends Module {

    private final long count;
    private final long dim;
    private final Parameter weight;

    public Embedding(long count, long dim) {
        this.count = count;
        this.dim = dim;
        this.weight = parameter("weight", ParameterInit.NORMAL, count, dim);
    }

    public long count() {
        return count;
    }

    public long dim() {
        return dim;
    }

    public Parameter weight() {
        return weight;
    }

    /** indices [...] (any integer type) -> [..., dim], in the indices' manager. */
    public NDArray forward(NDArray indices) {
        NDArray ids = indices.getDataType() == DataType.INT64 ? indices : indices.toType(DataType.INT64, false);
        NDArray y = ai.djl.nn.core.Embedding.embedding(ids, weight.array(), SparseFormat.DENSE)
                .singletonOrThrow();
        if (ids != indices) {
            ids.close();
        }
        return y;
    }
}
