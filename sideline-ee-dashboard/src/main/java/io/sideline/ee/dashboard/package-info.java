/**
 * The dashboard: a JSON admin API over {@link io.sideline.ee.SidelineAdmin} and {@link io.sideline.ee.RunControl}
 * under {@code /<context-root>/sideline/api/}, and a static page under {@code /<context-root>/sideline/}. Every
 * request needs a user in role {@value io.sideline.ee.dashboard.DashboardApplication#ROLE}; see docs/dashboard.md.
 */
package io.sideline.ee.dashboard;
