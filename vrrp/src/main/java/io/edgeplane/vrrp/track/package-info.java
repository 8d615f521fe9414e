/**
 * What moves a VRRP instance's priority or puts it in FAULT, as keepalived's {@code track_script} and
 * {@code track_interface} do: check scripts run as child processes off the event loops, the proxy's listeners
 * and pools polled through {@link io.edgeplane.core.health.HealthSignals}, interfaces followed through the
 * kernel's link notifications; and {@link io.edgeplane.vrrp.track.InstanceTracking}, which sums one instance's
 * trackers into the weight and fault causes that {@link io.edgeplane.vrrp.state.VrrpInstance} takes.
 */
package io.edgeplane.vrrp.track;
