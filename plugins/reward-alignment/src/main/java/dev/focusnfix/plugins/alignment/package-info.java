/**
 * Text-image alignment and aesthetic rewards built on CLIP: {@code clip-score} (cosine similarity of the image and
 * prompt embeddings) and {@code aesthetic} (the LAION aesthetic predictor on the CLIP image embedding, DRaFT's main
 * reward). Both are differentiable with respect to the pixels: preprocessing runs inside the autograd graph.
 */
package dev.focusnfix.plugins.alignment;
