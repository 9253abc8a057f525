/**
 * Backbones for diffusers pipeline folders: {@link dev.focusnfix.sdk.backbone.DiffusersBackbone} loads one
 * {@link dev.focusnfix.sdk.backbone.DiffusersFamily} of {@code model_index.json} folders (the shipped {@code sd14},
 * {@code sdxl} and {@code ldm} plugins are this class with an id and a family), with the options of
 * {@link dev.focusnfix.sdk.backbone.DiffusersBackboneOptions}.
 */
package dev.focusnfix.sdk.backbone;
