/**
 * The nsfwjs NSFW classifier run natively on DJL: a reader of the TensorFlow.js layers format ({@code model.json}
 * with its Keras topology and weights manifest, quantised weight shards), the Keras layers its networks use
 * (executed in NCHW on DJL ops, differentiable), nsfwjs's preprocessing, and the reward over its five classes.
 */
package dev.focusnfix.plugins.safety.nsfwjs;
