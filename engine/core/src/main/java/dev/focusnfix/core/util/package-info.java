/** Small utilities shared by the engine: atomic file writes. */
package dev.focusnfix.core.util;
