package io.edgeplane.gateway.stats;

/**
 * The page's style sheet, inlined so the page needs nothing from anywhere else: the admin listener often
 * sits on a management network with no way out. The state colours are told apart by lightness as well as
 * hue (and the state is always written in the cell) so they hold for colour-blind readers.
 */
final class PageStyle {

    static final String CSS = """
            :root { color-scheme: light; --line: #d0d4d9; --muted: #667085; }
            * { box-sizing: border-box; }
            body { margin: 0 1.5rem 2rem; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
                   color: #1d2430; background: #fafbfc; }
            header#process { padding: .8rem 0 .4rem; border-bottom: 2px solid #1d2430; margin-bottom: 1rem; }
            h1 { font-size: 1.5rem; margin: 0; }
            h1 .node { font-weight: 600; color: #0b57a4; }
            h2 { font-size: 1.2rem; margin: 1.4rem 0 .4rem; }
            h3 { font-size: 1rem; margin: 1rem 0 .3rem; color: #394150; }
            p { margin: .2rem 0; }
            .facts { color: #394150; }
            .summary { font-size: 1.1rem; font-weight: 600; }
            .summary.degraded #servers-up { color: #b42318; }
            .muted { color: var(--muted); }
            code { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
            ul.services { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: .4rem 1.2rem; }
            .badge { display: inline-block; min-width: 5.5em; text-align: center; padding: 0 .4em; border-radius: 3px;
                     font-size: 12px; font-weight: 600; }
            .badge.ok { background: #1a7f37; color: #fff; }
            .badge.bad { background: #b42318; color: #fff; }
            .service .detail { color: var(--muted); }
            .scroll { overflow-x: auto; margin-bottom: 1rem; }
            table { border-collapse: collapse; background: #fff; font-size: 12px; white-space: nowrap; }
            caption { text-align: left; padding: .3rem 0; font-size: 13px; }
            th, td { border: 1px solid var(--line); padding: 2px 6px; }
            thead th { background: #eef1f5; font-weight: 600; }
            tbody th, tfoot th { text-align: left; font-weight: 600; }
            td.n { text-align: right; font-variant-numeric: tabular-nums; }
            td.warn { background: #fde2e1; font-weight: 600; }
            tr.listener-summary, tfoot tr { background: #f1f3f6; font-weight: 600; }
            tr.route th { font-weight: 400; padding-left: 1.2rem; }
            td.state-cell { font-weight: 700; text-align: center; }
            tr.state-up td.state-cell { background: #1a7f37; color: #fff; }
            tr.state-down td.state-cell { background: #b42318; color: #fff; }
            tr.state-ejected td.state-cell { background: #f79009; color: #1d2430; }
            tr.state-drain td.state-cell { background: #1570ef; color: #fff; }
            tr.state-maint td.state-cell { background: #7a6a5c; color: #fff; }
            tr.state-down, tr.state-ejected { background: #fff6f5; }
            td.none-available { background: #b42318; color: #fff; }
            table.pool[data-available="0"] caption { color: #b42318; }
            td.check-failed { color: #b42318; }
            details.history summary { cursor: pointer; }
            details.history ol { margin: .2rem 0; padding-left: 1.2rem; white-space: normal; min-width: 24rem; }
            td.actions form { display: inline; margin: 0 2px 0 0; }
            td.actions button { font-size: 11px; padding: 0 .5em; cursor: pointer; border: 1px solid #98a2b3;
                                border-radius: 3px; background: #fff; }
            button.action-drain { border-color: #1570ef; }
            button.action-maint { border-color: #7a6a5c; }
            button.action-ready { border-color: #1a7f37; }
            tr.system-peer td.ntp-state { background: #1a7f37; color: #fff; font-weight: 700; }
            ul.firewall-drift, ul.firewall-warnings { margin: .2rem 0; padding-left: 1.2rem; }
            .problem, ul.firewall-drift { color: #b42318; font-weight: 600; }
            ul.firewall-warnings { color: #93370d; }
            """;

    private PageStyle() {
    }
}
