package io.watchkeeper.evaluator.alert;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One change of an alert's state: who (a user, or "engine") and when. */
@Entity
@Table(name = "alert_transition")
public class AlertTransition extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "alert_id", nullable = false)
    public UUID alertId;

    @Column(nullable = false)
    public Instant at;

    @Convert(converter = WireEnums.StateConverter.class)
    @Column(name = "from_state")
    public AlertState from;

    @Convert(converter = WireEnums.StateConverter.class)
    @Column(name = "to_state", nullable = false)
    public AlertState to;

    @Column(nullable = false)
    public String actor;

    public String note;

    static AlertTransition of(Alert a, AlertState from, String actor, String note, Instant at) {
        AlertTransition t = new AlertTransition();
        t.alertId = a.id;
        t.at = at;
        t.from = from;
        t.to = a.status;
        t.actor = actor;
        t.note = note;
        return t;
    }
}
