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

    @Message(
            """
            {#when action}{#is 'ack'}Acknowledged.{#is 'resolve'}Resolved.{#is 'ignore'}Ignored.\
            {#is 'handle'}Remediation run.{#is 'handle-none'}No remediation action matches this alert.{#is 'allocate'}Allocated.{#is 'silence'}Silence created.\
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

    @Message("Sources")
    String sources();

    @Message("Last value")
    String last_value();

    @Message("Last error")
    String last_error();

    @Message("Next poll")
    String next_poll();

    @Message("Actions")
    String actions();

    @Message("disabled")
    String disabled();

    @Message("enabled")
    String enabled();

    @Message("{count} failures in a row")
    String failures_in_a_row(Object count);

    @Message("Refresh {name} now")
    String refresh_now_of(String name);

    @Message("Refresh now")
    String refresh_now();

    @Message("Heartbeats")
    String heartbeats();

    @Message("No heartbeat has pinged yet.")
    String no_checks();

    @Message("Check")
    String check();

    @Message("Last signal")
    String last_signal();

    @Message("Last failure")
    String last_failure();

    @Message("Ping URL")
    String ping_url();

    @Message("Copy the ping URL of {name}")
    String copy_ping_url(String name);

    @Message("Copy")
    String copy();

    @Message("New ping key, named")
    String new_ping_key_name();

    @Message("Make ping key")
    String new_ping_key();

    @Message("Ping key {name} made. Its URL is shown this once: copy it now and put your check's slug at the end.")
    String ping_key_once(String name);

    @Message("Quota")
    String quota();

    @Message("Usage")
    String usage();

    @Message("Subject")
    String subject();

    @Message("Metric")
    String metric();

    @Message("Allocated")
    String allocated();

    @Message("Consumed")
    String consumed();

    @Message("Remaining")
    String remaining();

    @Message("fired {at}")
    String step_fired(String at);

    @Message("armed")
    String step_armed();

    @Message("Usage per period")
    String periods();

    @Message("Period")
    String period();

    @Message("Used")
    String used();

    @Message("Ledger")
    String ledger();

    @Message("Amount")
    String amount();

    @Message("Note")
    String note();

    @Message("Allocate")
    String allocate();

    @Message("Nothing recorded yet.")
    String no_entries();

    @Message("Total after")
    String total_after();

    @Message("By")
    String by();

    @Message("State")
    String state();

    @Message("{#when state}{#is 'active'}active{#is 'pending'}pending{#is 'expired'}expired{#else}{state}{/when}")
    String silence_state(String state);

    @Message("No silences.")
    String no_silences();

    @Message("Matches")
    String matchers();

    @Message("Ends")
    String ends();

    @Message("Comment")
    String comment();

    @Message("End the silence \"{comment}\" now")
    String expire_now_of(String comment);

    @Message("End now")
    String expire_now();

    @Message("New silence")
    String new_silence();

    @Message("Silence alerts with these labels")
    String silence_matching();

    @Message("For")
    String for_how_long();

    @Message("why, e.g. maintenance until 18:00")
    String silence_comment_hint();

    @Message("Create silence")
    String create_silence();

    @Message("No channels yet.")
    String no_channels();

    @Message("Test message")
    String test_message();

    @Message("Send a test message to {name}")
    String send_test_to(String name);

    @Message("Send test")
    String send_test();

    @Message("Not delivered: {error}")
    String test_failed(String error);

    @Message("Who")
    String who();

    @Message("Path starts with")
    String path_prefix();

    @Message("Change")
    String change();
}
