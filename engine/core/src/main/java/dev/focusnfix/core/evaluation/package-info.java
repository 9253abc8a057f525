/** Evaluation of runs against their base model: samples, rewards before and after, image change, probes. */
package dev.focusnfix.core.evaluation;
