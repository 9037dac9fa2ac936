package io.watchkeeper.gateway.console;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The console's words, {@code {msg:key}} in the templates: English here, Chinese in {@code messages/msg_zh.properties}
 * (the person's browser language decides, ConsoleUser#language). Alert words follow the chat messages' (级别, 规则,
 * 标签, 开始时间, the statuses of AlertStatus#chinese).
 */
@MessageBundle(value = "msg", locale = "en")
public interface ConsoleMessages {

    @Message("Skip to content")
    String skip_to_content();

    @Message("Main")
    String nav_label();

    @Message("Overview")
    String nav_overview();

    @Message("Alerts")
    String nav_alerts();

    @Message("Sources & heartbeats")
    String nav_sources();

    @Message("Quotas")
    String nav_quotas();

    @Message("Silences")
    String nav_silences();

    @Message("Channels")
    String nav_channels();

    @Message("Audit log")
    String nav_audit();

    @Message("Signed in as")
    String signed_in_as();

    @Message("tenant")
    String tenant();

    @Message("Sign out")
    String logout();

    @Message("Open alerts")
    String open_alerts();

    @Message("{severity} alerts firing")
    String firing_of_severity(String severity);

    @Message("The {service} service does not answer; this part will show again when it does.")
    String unavailable(String service);

    @Message("Balances")
    String balances();

    @Message("No sources yet.")
    String no_sources();

    @Message("Source")
    String source();

    @Message("Balance")
    String balance();

    @Message("Last 7 days")
    String trend_7d();

    @Message("from {first} to {last}")
    String trend_words(String first, String last);

    @Message("Forecast")
    String forecast();

    @Message("runs out about {at} ({when})")
    String depletes(String at, String when);

    @Message("Last success")
    String last_success();

    @Message("failing")
    String failing();

    @Message("Quotas")
    String quotas();

    @Message("No quotas yet.")
    String no_quotas();

    @Message("Delivery failures, last 24 h")
    String delivery_failures_24h();

    @Message("Service health")
    String service_health();

    @Message("Filter")
    String filter();

    @Message("Status")
    String status();

    @Message("any")
    String any();

    @Message("Severity")
    String severity();

    @Message("Type")
    String type();

    @Message("Apply")
    String apply();

    @Message("No alerts match.")
    String no_alerts();

    @Message("Alert")
    String alert();

    @Message("Since")
    String since();

    @Message("Pages")
    String pages();

    @Message("{from}–{to} of {total}")
    String showing(long from, long to, long total);

    @Message("Previous")
    String previous();

    @Message("Next")
    String next();

    @Message("""
            {#when action}{#is 'ack'}Acknowledged.{#is 'resolve'}Resolved.{#is 'ignore'}Ignored.\
            {#is 'handle'}Remediation run.{#is 'allocate'}Allocated.{#is 'silence'}Silence created.\
            {#is 'expire'}Silence expired.{#is 'refresh'}Refresh requested.{#is 'test'}Test message sent.\
            {#else}Done.{/when}""")
    String done(String action);

    @Message("Refused: {reason}")
    String refused(String reason);

    @Message("acknowledged by {who} {when}")
    String acknowledged_by(String who, String when);

    @Message("Act on this alert")
    String act_on_alert();

    @Message("Acknowledge")
    String ack();

    @Message("Resolve")
    String resolve();

    @Message("Ignore")
    String ignore();

    @Message("Ignore this alert? It stays recorded but notifies no one.")
    String ignore_confirm();

    @Message("Handle (run remediation)")
    String handle();

    @Message("Silence alerts like this…")
    String silence_like_this();

    @Message("Rule")
    String rule();

    @Message("Message")
    String message_field();

    @Message("Value")
    String value();

    @Message("threshold")
    String threshold();

    @Message("Ended")
    String ended();

    @Message("Labels")
    String labels();

    @Message("Annotations")
    String annotations();

    @Message("History")
    String history();

    @Message("Actions taken")
    String actions_taken();

    @Message("Deliveries")
    String deliveries();

    @Message("Nothing delivered for this alert.")
    String no_deliveries();

    @Message("When")
    String when();

    @Message("Channel")
    String channel();

    @Message("Attempts")
    String attempts();

    @Message("Error")
    String error();

    @Message("{#when status}{#is 403}Not allowed{#is 404}Not found{#else}The request failed ({status}){/when}")
    String error_title(int status);
}
