/**
 * The VRRP instance state machine (RFC 5798 §6.4, RFC 3768 §6.4) with keepalived 2.2's behaviour where the RFCs
 * leave room, keepalived's FAULT state and sync groups, and the gratuitous ARP schedule of a master. Pure: time
 * comes from an injected monotonic clock, and everything the world must do is asked of {@link
 * io.edgeplane.vrrp.state.VrrpActions}, which the service implements.
 *
 * <p>Where {@link io.edgeplane.vrrp.state.VrrpInstance} follows keepalived rather than the letter of the RFCs:
 * <ul>
 *   <li>a master answers a lower priority advert with an advert at once and a gratuitous ARP set ("forcing a new
 *       election"; {@code lower_prio_no_advert} turns the advert off) where the RFCs say discard;</li>
 *   <li>a backup with {@code preempt_delay} keeps deferring to a lower priority master until that long after
 *       startup, or after it first heard one since it last heard an equal or higher master;</li>
 *   <li>two address owners: the one that hears the other lowers itself to 254;</li>
 *   <li>FAULT: a master entering it sends priority 0; it is left for BACKUP, even by the owner, which takes over
 *       when the master down timer expires; adverts are not listened to meanwhile;</li>
 *   <li>tracking changes the effective priority within 1 to 254 (never the owner's 255) and with it Skew_Time; a
 *       backup whose priority rose has its running master down timer shortened by the difference, a master
 *       advertises the new priority with its next advert;</li>
 *   <li>a non-owner always starts as BACKUP ({@code state MASTER} has no other effect in keepalived 2);</li>
 *   <li>the receive checks drop adverts with another address count, and with another address list unless
 *       {@code skip_check_adv_addr} (checked then only when the master changes), and version 2 adverts with
 *       another interval.</li>
 * </ul>
 * A master yielding to a higher priority advert learns Master_Adver_Interval from it (RFC 5798 §6.4.3), where
 * keepalived takes its own interval until the next advert comes: the next advert makes them equal anyway.
 */
package io.edgeplane.vrrp.state;
