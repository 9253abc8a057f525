package dev.focusnfix.sdk.clip;

import ai.djl.ndarray.NDArray;
import dev.focusnfix.api.Experimental;

/**
 * What {@link ClipModel#forward} returns (transformers' {@code CLIPOutput} without the towers' inner states).
 *
 * @param imageEmbeds [N, projection], the projected pooled image output, not normalised
 * @param textEmbeds [M, projection], the projected pooled text output, not normalised
 * @param logitsPerImage [N, M], {@code exp(logit_scale)} times the cosine similarity of each image with each text
 * @param logitsPerText [M, N], the transpose of {@code logitsPerImage}
 */
@Experimental
public record ClipOutput(NDArray imageEmbeds, NDArray textEmbeds, NDArray logitsPerImage, NDArray logitsPerText) {}
