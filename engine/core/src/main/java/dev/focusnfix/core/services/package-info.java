/**
 * Framework services: the process-wide ones bound in Guice (framework info, progress), and the per-run model locator
 * and output folders that a run's context hands to extensions.
 */
package dev.focusnfix.core.services;
