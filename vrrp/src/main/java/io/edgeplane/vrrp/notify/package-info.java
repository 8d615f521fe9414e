/**
 * The programs run when an instance or a sync group changes state (keepalived's {@code notify_master},
 * {@code notify_backup}, {@code notify_fault}, {@code notify_stop}): on an executor, in order per instance or
 * group, with a timeout, never blocking the VRRP thread that reports the change.
 */
package io.edgeplane.vrrp.notify;
