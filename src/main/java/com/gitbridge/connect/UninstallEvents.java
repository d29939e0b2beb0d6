package com.gitbridge.connect;

import com.atlassian.connect.spring.AddonUninstalledEvent;
import com.gitbridge.jira.SiteUninstalled;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Turns the Connect library's uninstall event into the app's own, so features need not know Connect. */
@Component
class UninstallEvents {

    private final ApplicationEventPublisher events;

    UninstallEvents(ApplicationEventPublisher events) {
        this.events = events;
    }

    @EventListener
    void uninstalled(AddonUninstalledEvent event) {
        events.publishEvent(new SiteUninstalled(event.getHost().getClientKey()));
    }
}
