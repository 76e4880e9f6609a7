package io.sideline.wildfly.it;

import org.jboss.as.controller.client.ModelControllerClient;
import org.jboss.dmr.ModelNode;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Client side only: runs one management operation on a deployment through WildFly's native management API. */
final class WildFlyManagement {

    private WildFlyManagement() {
    }

    /** {@code /deployment=<name>:<operation>}, e.g. undeploy (stops the application) or deploy (starts it). */
    static void onDeployment(String name, String operation) {
        ModelNode op = new ModelNode();
        op.get("operation").set(operation);
        op.get("address").add("deployment", name);
        try (ModelControllerClient client = ModelControllerClient.Factory.create("127.0.0.1", WildFlySuite.managementPort())) {
            ModelNode result = client.execute(op);
            if (!"success".equals(result.get("outcome").asString())) {
                throw new IllegalStateException(operation + " of " + name + " failed: " + result);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
