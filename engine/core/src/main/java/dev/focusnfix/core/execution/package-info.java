/** Where evaluation work items run: the items, their results, the local engine, the resume store and progress. */
package dev.focusnfix.core.execution;
