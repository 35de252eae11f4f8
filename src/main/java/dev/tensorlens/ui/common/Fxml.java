package dev.tensorlens.ui.common;

import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;

/** Loads a view's FXML from beside its controller class, with the given controller instance. */
public final class Fxml {

    private Fxml() {
    }

    public static Parent load(Class<?> owner, String fileName, Object controller) {
        URL url = owner.getResource(fileName);
        if (url == null) {
            throw new IllegalStateException(fileName + " is missing beside " + owner.getName());
        }
        FXMLLoader loader = new FXMLLoader(url);
        loader.setController(controller);
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not load " + url, e);
        }
    }
}
