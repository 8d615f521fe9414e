package io.edgeplane.vrrp.state;

import io.edgeplane.vrrp.codec.VrrpAdvertisement;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** Remembers what an instance asked for, in order. */
final class RecordingActions implements VrrpActions {

    sealed interface Action {
    }

    record Sent(VrrpAdvertisement advertisement) implements Action {
    }

    record AddAddresses() implements Action {
    }

    record RemoveAddresses() implements Action {
    }

    record Arps(int rounds) implements Action {
    }

    record CancelArps() implements Action {
    }

    record Changed(StateChange change) implements Action {
    }

    record Notice(AdvertNotice notice, InetAddress source, int priority) implements Action {
    }

    final List<Action> actions = new ArrayList<>();

    @Override
    public void sendAdvertisement(VrrpAdvertisement advertisement) {
        actions.add(new Sent(advertisement));
    }

    @Override
    public void addVirtualAddresses() {
        actions.add(new AddAddresses());
    }

    @Override
    public void removeVirtualAddresses() {
        actions.add(new RemoveAddresses());
    }

    @Override
    public void sendGratuitousArps(int rounds) {
        actions.add(new Arps(rounds));
    }

    @Override
    public void cancelGratuitousArps() {
        actions.add(new CancelArps());
    }

    @Override
    public void stateChanged(StateChange change) {
        actions.add(new Changed(change));
    }

    @Override
    public void advertNotice(AdvertNotice notice, InetAddress source, int priority) {
        actions.add(new Notice(notice, source, priority));
    }

    List<Action> take() {
        List<Action> taken = List.copyOf(actions);
        actions.clear();
        return taken;
    }

    List<Integer> sentPriorities() {
        return actions.stream().filter(Sent.class::isInstance).map(a -> ((Sent) a).advertisement().priority())
                .toList();
    }

    List<StateChange> changes() {
        return actions.stream().filter(Changed.class::isInstance).map(a -> ((Changed) a).change()).toList();
    }
}
