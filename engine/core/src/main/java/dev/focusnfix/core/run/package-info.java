/** Running experiments: device choice, the run folder, opening the parts and calling the tuner. */
package dev.focusnfix.core.run;
