/** Option records shared by the DRaFT-family tuner plugins (bound from the experiment's YAML). */
package dev.focusnfix.training.options;
