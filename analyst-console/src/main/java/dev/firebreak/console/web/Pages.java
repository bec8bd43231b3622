package dev.firebreak.console.web;

import dev.firebreak.console.view.NetworkDrawing;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

import java.util.List;

/** The console's pages (templates/Pages/*.html), each with the data it shows. */
@CheckedTemplate
public class Pages {

    public static native TemplateInstance queue(Person person, Views.Queue queue);

    public static native TemplateInstance worker(Person person, Views.Worker worker);

    public static native TemplateInstance network(Person person, String clusterId, NetworkDrawing.Drawing drawing);

    public static native TemplateInstance lists(Person person, List<Views.ListRow> lists, List<Views.RescreenRow> rescreens,
                                                boolean rescreensShown);

    public static native TemplateInstance report(Views.Report report);

    public static native TemplateInstance problem(Person person, int status, String title, String detail, String back);
}
