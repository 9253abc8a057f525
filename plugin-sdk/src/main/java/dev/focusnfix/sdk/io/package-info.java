/** Atomic writes of the files a plugin leaves in its run folder ({@link dev.focusnfix.sdk.io.OutputFiles}). */
package dev.focusnfix.sdk.io;
