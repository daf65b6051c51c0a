<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>CacheDialog</name>
    <message>
        <source>Feature cache</source>
        <translation>Merkmals-Cache</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Wählen…</translation>
    </message>
    <message>
        <source>Feature cache folder</source>
        <translation>Ordner des Merkmals-Caches</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>Datenordner</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>Clear this data folder</source>
        <translation>Diesen Datenordner leeren</translation>
    </message>
    <message>
        <source>Clear all</source>
        <translation>Alles leeren</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>Ordner:</translation>
    </message>
    <message>
        <source>%1 in %2</source>
        <translation>%1 in %2</translation>
    </message>
    <message>
        <source>Cannot clear the cache</source>
        <translation>Der Cache kann nicht geleert werden</translation>
    </message>
</context>
<context>
    <name>ClassBalanceBar</name>
    <message>
        <source>%1: %2 images (%3%)</source>
        <translation>%1: %2 Bilder (%3 %)</translation>
    </message>
</context>
<context>
    <name>ConfusionPanel</name>
    <message>
        <source>Rows: true class. Columns: predicted class. Click a cell to see its images in the gallery.</source>
        <translation>Zeilen: wahre Klasse. Spalten: vorhergesagte Klasse. Klicken Sie auf eine Zelle, um ihre Bilder in der Galerie zu sehen.</translation>
    </message>
    <message>
        <source>No predictions.</source>
        <translation>Keine Vorhersagen.</translation>
    </message>
    <message>
        <source>Accuracy %1% (%2 of %3). Rows: true class. Columns: predicted class. Click a cell to see its images.</source>
        <translation>Genauigkeit %1 % (%2 von %3). Zeilen: wahre Klasse. Spalten: vorhergesagte Klasse. Klicken Sie auf eine Zelle, um ihre Bilder zu sehen.</translation>
    </message>
</context>
<context>
    <name>ConfusionView</name>
    <message>
        <source>No evaluation yet</source>
        <translation>Noch keine Auswertung</translation>
    </message>
    <message>
        <source>true %1, predicted %2: %3 images (%4% of the row)</source>
        <translation>wahr %1, vorhergesagt %2: %3 Bilder (%4 % der Zeile)</translation>
    </message>
</context>
<context>
    <name>CurvesPanel</name>
    <message>
        <source>Loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>batch loss (smoothed)</source>
        <translation>Batch-Verlust (geglättet)</translation>
    </message>
    <message>
        <source>train</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>Validierung</translation>
    </message>
    <message>
        <source>Accuracy (%)</source>
        <translation>Genauigkeit (%)</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>Epoche</translation>
    </message>
    <message>
        <source>%1 valid</source>
        <translation>%1 Validierung</translation>
    </message>
</context>
<context>
    <name>DataPanel</name>
    <message>
        <source>Choose folder…</source>
        <translation>Ordner wählen …</translation>
    </message>
    <message>
        <source>Pick an ImageFolder tree (train/ and valid/ with one subfolder per class). You can also drop a folder here.</source>
        <translation>Wählen Sie einen ImageFolder-Baum (train/ und valid/ mit einem Unterordner pro Klasse). Sie können einen Ordner auch hierher ziehen.</translation>
    </message>
    <message>
        <source>Recent folders</source>
        <translation>Zuletzt verwendete Ordner</translation>
    </message>
    <message>
        <source>No folder yet. Choose one or drop it here.</source>
        <translation>Noch kein Ordner. Wählen Sie einen oder ziehen Sie ihn hierher.</translation>
    </message>
    <message>
        <source>Class balance (train)</source>
        <translation>Klassenverteilung (Training)</translation>
    </message>
    <message>
        <source>Skipped files</source>
        <translation>Übersprungene Dateien</translation>
    </message>
    <message>
        <source>Show in file manager</source>
        <translation>Im Dateimanager zeigen</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <source>%1
Classes: %2. Images: %3. %4</source>
        <translation>%1
Klassen: %2. Bilder: %3. %4</translation>
    </message>
    <message>
        <source>Choose an image folder</source>
        <translation>Bildordner wählen</translation>
    </message>
</context>
<context>
    <name>EmbeddingMapView</name>
    <message>
        <source>true: %1</source>
        <translation>wahr: %1</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>predicted: %1</source>
        <translation>vorhergesagt: %1</translation>
    </message>
    <message>
        <source>loading…</source>
        <translation>wird geladen…</translation>
    </message>
</context>
<context>
    <name>EmbeddingPanel</name>
    <message>
        <source>Split:</source>
        <translation>Aufteilung:</translation>
    </message>
    <message>
        <source>Method:</source>
        <translation>Verfahren:</translation>
    </message>
    <message>
        <source>The two leading principal components: instant and linear</source>
        <translation>Die zwei führenden Hauptkomponenten: sofort und linear</translation>
    </message>
    <message>
        <source>Barnes-Hut t-SNE: keeps neighbourhoods, takes a while; the map moves while it converges</source>
        <translation>Barnes-Hut-t-SNE: erhält Nachbarschaften, dauert eine Weile; die Karte bewegt sich, während es konvergiert</translation>
    </message>
    <message>
        <source>Compute</source>
        <translation>Berechnen</translation>
    </message>
    <message>
        <source>Lays out the split&apos;s cached backbone features in two dimensions</source>
        <translation>Legt die zwischengespeicherten Backbone-Merkmale der Aufteilung in zwei Dimensionen aus</translation>
    </message>
    <message>
        <source>Colour by:</source>
        <translation>Färben nach:</translation>
    </message>
    <message>
        <source>True class</source>
        <translation>Wahre Klasse</translation>
    </message>
    <message>
        <source>Predicted class</source>
        <translation>Vorhergesagte Klasse</translation>
    </message>
    <message>
        <source>Wrong predictions</source>
        <translation>Falsche Vorhersagen</translation>
    </message>
    <message>
        <source>Pan</source>
        <translation>Verschieben</translation>
    </message>
    <message>
        <source>Drag to move the map, the wheel zooms; Shift+drag selects a rectangle, Ctrl+drag a lasso</source>
        <translation>Ziehen verschiebt die Karte, das Mausrad zoomt; Umschalt+Ziehen wählt ein Rechteck, Strg+Ziehen ein Lasso</translation>
    </message>
    <message>
        <source>Rectangle</source>
        <translation>Rechteck</translation>
    </message>
    <message>
        <source>Drag a rectangle: its images go to the gallery&apos;s Selected on map tab</source>
        <translation>Ein Rechteck aufziehen: Seine Bilder erscheinen im Reiter „Auf der Karte gewählt“ der Galerie</translation>
    </message>
    <message>
        <source>Lasso</source>
        <translation>Lasso</translation>
    </message>
    <message>
        <source>Draw around points: their images go to the gallery&apos;s Selected on map tab</source>
        <translation>Punkte umfahren: Ihre Bilder erscheinen im Reiter „Auf der Karte gewählt“ der Galerie</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Einpassen</translation>
    </message>
    <message>
        <source>Show every point (double-clicking the map does the same)</source>
        <translation>Alle Punkte zeigen (ein Doppelklick auf die Karte tut dasselbe)</translation>
    </message>
    <message>
        <source>Choose a split and a method and press Compute: each image of the split becomes a point, placed by its backbone features.</source>
        <translation>Wählen Sie eine Aufteilung und ein Verfahren und klicken Sie auf „Berechnen“: Jedes Bild der Aufteilung wird ein Punkt, platziert nach seinen Backbone-Merkmalen.</translation>
    </message>
    <message>
        <source>Images selected: %1. The gallery&apos;s Selected on map tab shows them.</source>
        <translation>Bilder gewählt: %1. Der Reiter „Auf der Karte gewählt“ der Galerie zeigt sie.</translation>
    </message>
    <message>
        <source>PCA</source>
        <translation>PCA</translation>
    </message>
    <message>
        <source>t-SNE</source>
        <translation>t-SNE</translation>
    </message>
    <message>
        <source>Hover a point for its thumbnail, click it to inspect the image, Shift+drag to send a group of images to the gallery.</source>
        <translation>Zeigen Sie auf einen Punkt für sein Vorschaubild, klicken Sie ihn an, um das Bild zu untersuchen, Umschalt+Ziehen schickt eine Gruppe von Bildern in die Galerie.</translation>
    </message>
    <message>
        <source>Computing the %1 of %2/…</source>
        <translation>Berechne %1 von %2/…</translation>
    </message>
    <message>
        <source>Colours appear when the layout is done.</source>
        <translation>Die Farben erscheinen, wenn das Layout fertig ist.</translation>
    </message>
    <message>
        <source>t-SNE of %1/: iteration %2 of %3 (early exaggeration: clusters look tighter than they are)</source>
        <translation>t-SNE von %1/: Iteration %2 von %3 (frühe Übertreibung: Cluster wirken enger, als sie sind)</translation>
    </message>
    <message>
        <source>t-SNE of %1/: iteration %2 of %3</source>
        <translation>t-SNE von %1/: Iteration %2 von %3</translation>
    </message>
    <message>
        <source>No run: train a stage or open a run to colour by its predictions.</source>
        <translation>Kein Lauf: Trainieren Sie eine Stufe oder öffnen Sie einen Lauf, um nach seinen Vorhersagen zu färben.</translation>
    </message>
    <message>
        <source>The shown run was trained on another data folder.</source>
        <translation>Der gezeigte Lauf wurde auf einem anderen Datenordner trainiert.</translation>
    </message>
    <message>
        <source>The run has predictions for %1/ only.</source>
        <translation>Der Lauf hat nur Vorhersagen für %1/.</translation>
    </message>
    <message>
        <source>The run has no prediction for these images.</source>
        <translation>Der Lauf hat keine Vorhersage für diese Bilder.</translation>
    </message>
    <message>
        <source>What the points&apos; colours show</source>
        <translation>Was die Farben der Punkte zeigen</translation>
    </message>
    <message>
        <source>correct</source>
        <translation>richtig</translation>
    </message>
    <message>
        <source>wrong</source>
        <translation>falsch</translation>
    </message>
    <message>
        <source>unlabelled</source>
        <translation>ohne Klasse</translation>
    </message>
    <message>
        <source>no prediction</source>
        <translation>keine Vorhersage</translation>
    </message>
    <message>
        <source>PCA of %1/: %2 images, %3 features at %4; the axes hold %5% and %6% of the variance.</source>
        <translation>PCA von %1/: %2 Bilder, %3 Merkmale an %4; die Achsen tragen %5 % und %6 % der Varianz.</translation>
    </message>
    <message>
        <source>t-SNE of %1/: %2 images, %3 features at %4; perplexity %5, %6 iterations, KL divergence %7.</source>
        <translation>t-SNE von %1/: %2 Bilder, %3 Merkmale an %4; Perplexität %5, %6 Iterationen, KL-Divergenz %7.</translation>
    </message>
    <message>
        <source>%1 s.</source>
        <translation>%1 s.</translation>
    </message>
    <message>
        <source>Files skipped: %1.</source>
        <translation>Übersprungene Dateien: %1.</translation>
    </message>
</context>
<context>
    <name>EngineBridge</name>
    <message>
        <source>Training %1</source>
        <translation>Trainiere %1</translation>
    </message>
    <message>
        <source>Scanning %1</source>
        <translation>Durchsuche %1</translation>
    </message>
    <message>
        <source>Describing %1</source>
        <translation>Beschreibe %1</translation>
    </message>
    <message>
        <source>ImageNet top-5</source>
        <translation>ImageNet-Top-5</translation>
    </message>
    <message>
        <source>Exporting %1</source>
        <translation>Exportiere %1</translation>
    </message>
    <message>
        <source>Opening run %1</source>
        <translation>Öffne Lauf %1</translation>
    </message>
    <message>
        <source>Predicting %1</source>
        <translation>Vorhersage für %1</translation>
    </message>
    <message>
        <source>Grad-CAM</source>
        <translation>Grad-CAM</translation>
    </message>
    <message>
        <source>Finding likely mislabeled images in %1/</source>
        <translation>Suche wahrscheinlich falsch beschriftete Bilder in %1/</translation>
    </message>
    <message>
        <source>Finding the learning rate of stage %1</source>
        <translation>Lernrate für Stufe %1 wird gesucht</translation>
    </message>
    <message>
        <source>Computing the embedding map (%1) of %2/</source>
        <translation>Berechne die Einbettungskarte (%1) von %2/</translation>
    </message>
</context>
<context>
    <name>Exporter</name>
    <message>
        <source>Train a stage first.</source>
        <translation>Trainieren Sie zuerst eine Stufe.</translation>
    </message>
    <message>
        <source>No curves yet.</source>
        <translation>Noch keine Kurven.</translation>
    </message>
    <message>
        <source>The data folder has no test/ split, so there is no submission.</source>
        <translation>Der Datenordner hat keinen test/-Teil, daher gibt es keine Einreichung.</translation>
    </message>
    <message>
        <source>This run folder has no %1.</source>
        <translation>Dieser Lauf-Ordner enthält kein %1.</translation>
    </message>
    <message>
        <source>Nothing to export</source>
        <translation>Nichts zu exportieren</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>%1 konnte nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>safetensors (*.safetensors)</source>
        <translation>safetensors (*.safetensors)</translation>
    </message>
    <message>
        <source>Keras HDF5 (*.h5)</source>
        <translation>Keras-HDF5 (*.h5)</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG image (*.svg)</source>
        <translation>PNG-Bild (*.png);;SVG-Bild (*.svg)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Wait for the running job to finish.</source>
        <translation>Warten Sie, bis der laufende Auftrag beendet ist.</translation>
    </message>
    <message>
        <source>Choose the folder to predict first.</source>
        <translation>Wählen Sie zuerst den Ordner für die Vorhersage.</translation>
    </message>
    <message>
        <source>Folder of images to predict</source>
        <translation>Ordner mit Bildern für die Vorhersage</translation>
    </message>
    <message>
        <source>Kaggle submission, id,label (*.csv)</source>
        <translation>Kaggle-Einreichung, id,label (*.csv)</translation>
    </message>
</context>
<context>
    <name>GalleryModel</name>
    <message>
        <source>%1
true: %2, predicted: %3</source>
        <translation>%1
wahr: %2, vorhergesagt: %3</translation>
    </message>
    <message>
        <source>%1 → %2
p(%1) %3%</source>
        <translation>%1 → %2
p(%1) %3%</translation>
    </message>
    <message>
        <source>%1
given: %2, suggested: %3
out-of-fold p(%2) = %4</source>
        <translation>%1
angegeben: %2, vorgeschlagen: %3
out-of-fold p(%2) = %4</translation>
    </message>
    <message>
        <source>%1
true: %2</source>
        <translation>%1
wahr: %2</translation>
    </message>
</context>
<context>
    <name>GalleryPanel</name>
    <message>
        <source>Random correct</source>
        <translation>Zufällig richtig</translation>
    </message>
    <message>
        <source>Random incorrect</source>
        <translation>Zufällig falsch</translation>
    </message>
    <message>
        <source>Most confident correct</source>
        <translation>Sicherste richtige</translation>
    </message>
    <message>
        <source>Most confident wrong</source>
        <translation>Sicherste falsche</translation>
    </message>
    <message>
        <source>Most uncertain</source>
        <translation>Am unsichersten</translation>
    </message>
    <message>
        <source>Confusion cell</source>
        <translation>Konfusionszelle</translation>
    </message>
    <message>
        <source>No images in this view yet. Train a stage to fill the gallery.</source>
        <translation>Noch keine Bilder in dieser Ansicht. Trainieren Sie eine Stufe, um die Galerie zu füllen.</translation>
    </message>
    <message>
        <source>true %1 / predicted %2 (%3)</source>
        <translation>wahr %1 / vorhergesagt %2 (%3)</translation>
    </message>
    <message>
        <source>Likely mislabeled</source>
        <translation>Wahrscheinlich falsch beschriftet</translation>
    </message>
    <message>
        <source>Selected on map</source>
        <translation>Auf der Karte gewählt</translation>
    </message>
</context>
<context>
    <name>GradCamControls</name>
    <message>
        <source>Grad-CAM</source>
        <translation>Grad-CAM</translation>
    </message>
    <message>
        <source>Predicted class</source>
        <translation>Vorhergesagte Klasse</translation>
    </message>
    <message>
        <source>Last conv block</source>
        <translation>Letzter Conv-Block</translation>
    </message>
    <message>
        <source>How strongly the heat map covers the image (0: the image alone)</source>
        <translation>Wie stark die Heatmap das Bild überdeckt (0: nur das Bild)</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>Deckkraft</translation>
    </message>
    <message>
        <source>Where the evidence for the class lies: the gradients of its score weight the channels of a conv layer (red: strong, blue: none).</source>
        <translation>Wo die Evidenz für die Klasse liegt: die Gradienten ihres Scores gewichten die Kanäle einer Conv-Schicht (rot: stark, blau: keine).</translation>
    </message>
    <message>
        <source>Last conv block (%1)</source>
        <translation>Letzter Conv-Block (%1)</translation>
    </message>
</context>
<context>
    <name>HistoryController</name>
    <message>
        <source>Comparing the first %1 of the %2 selected runs.</source>
        <translation>Verglichen werden die ersten %1 der %2 ausgewählten Läufe.</translation>
    </message>
    <message>
        <source>%1 cannot be compared: %2</source>
        <translation>%1 kann nicht verglichen werden: %2</translation>
    </message>
    <message>
        <source>Runs compared in the Curves panel: %1</source>
        <translation>Im Bereich „Kurven“ verglichene Läufe: %1</translation>
    </message>
    <message>
        <source>Cannot rename the run</source>
        <translation>Der Lauf kann nicht umbenannt werden</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a folder name.</source>
        <translation>„%1“ ist kein Ordnername.</translation>
    </message>
    <message>
        <source>%1 is training; rename it once it has finished.</source>
        <translation>%1 trainiert gerade; benennen Sie ihn um, sobald er fertig ist.</translation>
    </message>
    <message>
        <source>%1 already exists.</source>
        <translation>%1 existiert bereits.</translation>
    </message>
    <message>
        <source>%1 could not be renamed to %2.</source>
        <translation>%1 konnte nicht in %2 umbenannt werden.</translation>
    </message>
    <message>
        <source>Renamed to %1</source>
        <translation>Umbenannt in %1</translation>
    </message>
    <message>
        <source>%1 is training; stop it first.</source>
        <translation>%1 trainiert gerade; halten Sie ihn zuerst an.</translation>
    </message>
    <message>
        <source>Not moved to the trash</source>
        <translation>Nicht in den Papierkorb verschoben</translation>
    </message>
    <message>
        <source>These runs stay where they are: no trash is available for them, or it cannot be written. Nothing was deleted.

%1</source>
        <translation>Diese Läufe bleiben, wo sie sind: Für sie ist kein Papierkorb verfügbar, oder er ist nicht beschreibbar. Es wurde nichts gelöscht.

%1</translation>
    </message>
    <message>
        <source>Runs moved to the trash: %1</source>
        <translation>In den Papierkorb verschobene Läufe: %1</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <source>Folders</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>Ordner hinzufügen …</translation>
    </message>
    <message>
        <source>Also list the runs in another folder (kept for the next start)</source>
        <translation>Auch die Läufe in einem weiteren Ordner auflisten (bleibt für den nächsten Start erhalten)</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>List the runs in</source>
        <translation>Die Läufe auflisten in</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>Backbone</source>
        <translation>Backbone</translation>
    </message>
    <message>
        <source>Stages</source>
        <translation>Stufen</translation>
    </message>
    <message>
        <source>Best stage</source>
        <translation>Beste Stufe</translation>
    </message>
    <message>
        <source>Valid acc</source>
        <translation>Gen. Validierung</translation>
    </message>
    <message>
        <source>Wall time</source>
        <translation>Laufzeit</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>complete</source>
        <translation>vollständig</translation>
    </message>
    <message>
        <source>interrupted: %1</source>
        <translation>unterbrochen: %1</translation>
    </message>
    <message>
        <source>unreadable: %1</source>
        <translation>unlesbar: %1</translation>
    </message>
    <message>
        <source>Runs: %1</source>
        <translation>Läufe: %1</translation>
    </message>
    <message>
        <source>The runs folder the workbench and featurelab-cli write to</source>
        <translation>Der Laufordner, in den die Workbench und featurelab-cli schreiben</translation>
    </message>
    <message>
        <source>Stop listing %1</source>
        <translation>%1 nicht mehr auflisten</translation>
    </message>
    <message>
        <source>Listed folders: %1</source>
        <translation>Aufgelistete Ordner: %1</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Umbenennen …</translation>
    </message>
    <message>
        <source>Move to Trash…</source>
        <translation>In den Papierkorb verschieben …</translation>
    </message>
    <message>
        <source>Rename run</source>
        <translation>Lauf umbenennen</translation>
    </message>
    <message>
        <source>New name of the run folder:</source>
        <translation>Neuer Name des Laufordners:</translation>
    </message>
    <message>
        <source>Move the run %1 to the trash?</source>
        <translation>Den Lauf %1 in den Papierkorb verschieben?</translation>
    </message>
    <message>
        <source>Move these %1 runs to the trash?</source>
        <translation>Diese %1 Läufe in den Papierkorb verschieben?</translation>
    </message>
    <message>
        <source>Move to Trash</source>
        <translation>In den Papierkorb verschieben</translation>
    </message>
</context>
<context>
    <name>InspectorPanel</name>
    <message>
        <source>Class probabilities</source>
        <translation>Klassenwahrscheinlichkeiten</translation>
    </message>
    <message>
        <source>Backbone ImageNet top-5</source>
        <translation>ImageNet-Top-5 des Backbones</translation>
    </message>
    <message>
        <source>Open containing folder</source>
        <translation>Enthaltenden Ordner öffnen</translation>
    </message>
    <message>
        <source>Copy path</source>
        <translation>Pfad kopieren</translation>
    </message>
    <message>
        <source>← → step through the gallery</source>
        <translation>← → durch die Galerie blättern</translation>
    </message>
    <message>
        <source>Click a thumbnail in the gallery</source>
        <translation>Klicken Sie auf ein Vorschaubild in der Galerie</translation>
    </message>
    <message>
        <source>Cannot read this image: %1</source>
        <translation>Dieses Bild kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>True: &lt;b&gt;%1&lt;/b&gt;&lt;br&gt;Predicted: &lt;b&gt;&lt;span style=&quot;color:%3&quot;&gt;%2&lt;/span&gt;&lt;/b&gt;</source>
        <translation>Wahr: &lt;b&gt;%1&lt;/b&gt;&lt;br&gt;Vorhergesagt: &lt;b&gt;&lt;span style=&quot;color:%3&quot;&gt;%2&lt;/span&gt;&lt;/b&gt;</translation>
    </message>
    <message>
        <source>computing…</source>
        <translation>wird berechnet …</translation>
    </message>
    <message>
        <source>Move to class</source>
        <translation>In Klasse verschieben</translation>
    </message>
    <message>
        <source>Quarantine</source>
        <translation>Quarantäne</translation>
    </message>
    <message>
        <source>Move the image file out of the splits into .featurelab/quarantine (Ctrl+Z undoes it)</source>
        <translation>Verschiebt die Bilddatei aus den Teilmengen nach .featurelab/quarantine (Strg+Z macht es rückgängig)</translation>
    </message>
    <message>
        <source>Evidence for %1 at %2 (%3×%4)</source>
        <translation>Evidenz für %1 in %2 (%3×%4)</translation>
    </message>
</context>
<context>
    <name>JobLane</name>
    <message>
        <source>Unexpected engine error: %1</source>
        <translation>Unerwarteter Fehler der Engine: %1</translation>
    </message>
    <message>
        <source>Unexpected engine error.</source>
        <translation>Unerwarteter Fehler der Engine.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
</context>
<context>
    <name>JobStatus</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Cancel the running job (Esc)</source>
        <translation>Laufenden Auftrag abbrechen (Esc)</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 images/s</source>
        <translation>%1 Bilder/s</translation>
    </message>
    <message>
        <source>ETA %1</source>
        <translation>Restzeit %1</translation>
    </message>
</context>
<context>
    <name>LabelIssuesView</name>
    <message>
        <source>Split:</source>
        <translation>Aufteilung:</translation>
    </message>
    <message>
        <source>Find likely mislabeled</source>
        <translation>Falsch beschriftete finden</translation>
    </message>
    <message>
        <source>Fits a logistic regression on the backbone&apos;s cached features of the other folds and ranks each image by how likely its given label is</source>
        <translation>Trainiert eine logistische Regression auf den zwischengespeicherten Merkmalen des Backbones aus den anderen Folds und ordnet jedes Bild danach, wie wahrscheinlich seine angegebene Klasse ist</translation>
    </message>
    <message>
        <source>Looks for images whose given label the rest of the split disagrees with: a 5-fold logistic regression on the backbone&apos;s cached features, ranked the confident-learning way. Choose a split and press Find.</source>
        <translation>Sucht Bilder, deren angegebener Klasse der Rest der Aufteilung widerspricht: eine logistische Regression mit 5 Folds auf den zwischengespeicherten Merkmalen des Backbones, gereiht nach Confident Learning. Wählen Sie eine Aufteilung und drücken Sie „Falsch beschriftete finden“.</translation>
    </message>
    <message>
        <source>No image of the %1 images in %2/ looks mislabeled.</source>
        <translation>Keines der %1 Bilder in %2/ scheint falsch beschriftet.</translation>
    </message>
    <message>
        <source>%1 of the %2 images in %3/ look mislabeled, most likely first; each caption reads given → suggested class.</source>
        <translation>%1 der %2 Bilder in %3/ scheinen falsch beschriftet, die wahrscheinlichsten zuerst; jede Beschriftung lautet angegebene → vorgeschlagene Klasse.</translation>
    </message>
    <message>
        <source>Estimated label noise: %1. Out-of-fold accuracy: %2%.</source>
        <translation>Geschätztes Beschriftungsrauschen: %1. Out-of-fold-Genauigkeit: %2 %.</translation>
    </message>
</context>
<context>
    <name>LrFinderDialog</name>
    <message>
        <source>LR finder: stage %1</source>
        <translation>Lernraten-Suche: Stufe %1</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>Smoothed loss</source>
        <translation>Geglätteter Verlust</translation>
    </message>
    <message>
        <source>Suggested LR %1</source>
        <translation>Vorgeschlagene LR %1</translation>
    </message>
    <message>
        <source>Learning rate (log scale)</source>
        <translation>Lernrate (logarithmisch)</translation>
    </message>
    <message>
        <source>Training loss</source>
        <translation>Trainingsverlust</translation>
    </message>
    <message>
        <source>Suggested learning rate for stage %1: &lt;b&gt;%2&lt;/b&gt; (%3). %4 steps from %5 to %6.</source>
        <translation>Vorgeschlagene Lernrate für Stufe %1: &lt;b&gt;%2&lt;/b&gt; (%3). %4 Schritte von %5 bis %6.</translation>
    </message>
    <message>
        <source>The sweep stopped when the loss blew up.</source>
        <translation>Der Durchlauf endete, als der Verlust explodierte.</translation>
    </message>
    <message>
        <source>The model&apos;s weights were not changed.</source>
        <translation>Die Gewichte des Modells wurden nicht verändert.</translation>
    </message>
    <message>
        <source>Use this LR</source>
        <translation>Diese LR übernehmen</translation>
    </message>
    <message>
        <source>Set stage %1&apos;s learning rate to %2</source>
        <translation>Lernrate der Stufe %1 auf %2 setzen</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Featurelab</source>
        <translation>Featurelab</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Curves</source>
        <translation>Kurven</translation>
    </message>
    <message>
        <source>Confusion matrix</source>
        <translation>Konfusionsmatrix</translation>
    </message>
    <message>
        <source>Gallery</source>
        <translation>Galerie</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>Inspektor</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>%1 exportiert</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Ausführen</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>E&amp;xport</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Open image folder…</source>
        <translation>Bildordner ö&amp;ffnen …</translation>
    </message>
    <message>
        <source>&amp;Start training</source>
        <translation>Training &amp;starten</translation>
    </message>
    <message>
        <source>&amp;Cancel job</source>
        <translation>Auftrag a&amp;bbrechen</translation>
    </message>
    <message>
        <source>Model weights (safetensors)…</source>
        <translation>Modellgewichte (safetensors) …</translation>
    </message>
    <message>
        <source>Model weights (Keras h5)…</source>
        <translation>Modellgewichte (Keras h5) …</translation>
    </message>
    <message>
        <source>Validation predictions CSV…</source>
        <translation>Validierungsvorhersagen als CSV …</translation>
    </message>
    <message>
        <source>Test-set submission CSV…</source>
        <translation>Einreichung für den Testsatz als CSV …</translation>
    </message>
    <message>
        <source>Confusion matrix CSV…</source>
        <translation>Konfusionsmatrix als CSV …</translation>
    </message>
    <message>
        <source>Curves image (PNG/SVG)…</source>
        <translation>Kurven als Bild (PNG/SVG) …</translation>
    </message>
    <message>
        <source>Curves CSV…</source>
        <translation>Kurven als CSV …</translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation>Anordnung &amp;zurücksetzen</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>The language changes the next time Featurelab starts.</source>
        <translation>Die Sprache ändert sich beim nächsten Start von Featurelab.</translation>
    </message>
    <message>
        <source>Ready. Choose an image folder to begin.</source>
        <translation>Bereit. Wählen Sie einen Bildordner, um zu beginnen.</translation>
    </message>
    <message>
        <source>Open &amp;run folder…</source>
        <translation>&amp;Laufordner öffnen…</translation>
    </message>
    <message>
        <source>Open a run folder</source>
        <translation>Einen Laufordner öffnen</translation>
    </message>
    <message>
        <source>Predict a folder with this model (CSV)…</source>
        <translation>Einen Ordner mit diesem Modell vorhersagen (CSV)…</translation>
    </message>
    <message>
        <source>C&amp;lear comparison</source>
        <translation>Vergleich &amp;entfernen</translation>
    </message>
    <message>
        <source>&amp;Feature cache…</source>
        <translation>&amp;Merkmals-Cache…</translation>
    </message>
    <message>
        <source>Run &amp;history</source>
        <translation>Lauf&amp;historie</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historie</translation>
    </message>
    <message>
        <source>Show the &amp;embedding map</source>
        <translation>&amp;Einbettungskarte zeigen</translation>
    </message>
    <message>
        <source>Embedding map</source>
        <translation>Einbettungskarte</translation>
    </message>
</context>
<context>
    <name>MapSelectionView</name>
    <message>
        <source>Shift+drag on the Embedding map (or use its Rectangle or Lasso tool) to see a group of points here.</source>
        <translation>Umschalt+Ziehen auf der Einbettungskarte (oder ihr Werkzeug Rechteck oder Lasso) zeigt hier eine Gruppe von Punkten.</translation>
    </message>
    <message>
        <source>Images selected on the Embedding map: %1 (in %2/).</source>
        <translation>Auf der Einbettungskarte gewählte Bilder: %1 (in %2/).</translation>
    </message>
    <message>
        <source>%1 of them predicted wrong (in red).</source>
        <translation>Davon %1 falsch vorhergesagt (rot).</translation>
    </message>
</context>
<context>
    <name>ModelPanel</name>
    <message>
        <source>Architecture</source>
        <translation>Architektur</translation>
    </message>
    <message>
        <source>Weights file (.h5, .safetensors, .pt)</source>
        <translation>Gewichtsdatei (.h5, .safetensors, .pt)</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Choose a weights file</source>
        <translation>Gewichtsdatei wählen</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>Gewichte</translation>
    </message>
    <message>
        <source>Stage presets:</source>
        <translation>Stufen-Vorgaben:</translation>
    </message>
    <message>
        <source>Tick the layers the &quot;%1&quot; stage trains and select that stage</source>
        <translation>Die Schichten ankreuzen, die die Stufe „%1“ trainiert, und diese Stufe wählen</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Output shape</source>
        <translation>Ausgabeform</translation>
    </message>
    <message>
        <source>Params</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Freeze all below selected</source>
        <translation>Alles oberhalb der Auswahl einfrieren</translation>
    </message>
    <message>
        <source>Freeze every layer above the selected one; the selected layer and all later layers train</source>
        <translation>Jede Schicht vor der ausgewählten einfrieren; die ausgewählte und alle späteren Schichten werden trainiert</translation>
    </message>
    <message>
        <source>Copy summary</source>
        <translation>Übersicht kopieren</translation>
    </message>
    <message>
        <source>No weights file: the backbone starts from random weights, so its features carry no ImageNet knowledge and accuracy will be poor.</source>
        <translation>Keine Gewichtsdatei: Das Backbone beginnt mit zufälligen Gewichten, seine Merkmale tragen also kein ImageNet-Wissen und die Genauigkeit wird schlecht sein.</translation>
    </message>
    <message>
        <source>Weights file not found: %1</source>
        <translation>Gewichtsdatei nicht gefunden: %1</translation>
    </message>
    <message>
        <source>Weights (*.h5 *.hdf5 *.safetensors *.pt *.pth);;All files (*)</source>
        <translation>Gewichte (*.h5 *.hdf5 *.safetensors *.pt *.pth);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Trainable backbone parameters: %1 of %2</source>
        <translation>Trainierbare Backbone-Parameter: %1 von %2</translation>
    </message>
    <message>
        <source>Backbone: %1</source>
        <translation>Backbone: %1</translation>
    </message>
    <message>
        <source>Trainable</source>
        <translation>Trainierbar</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>This weights file has no ImageNet classifier (Keras include_top=False): %1 start from random weights. The &apos;linear&apos; stage and the ImageNet top-5 need the full file; start at &apos;last&apos;.</source>
        <translation>Diese Gewichtsdatei hat keinen ImageNet-Klassifikator (Keras include_top=False): %1 beginnen mit zufälligen Gewichten. Die Stufe „linear“ und die ImageNet-Top-5 brauchen die vollständige Datei; beginnen Sie mit „last“.</translation>
    </message>
    <message>
        <source>Shown once the backbone is loaded.</source>
        <translation>Wird angezeigt, sobald das Backbone geladen ist.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; trains a new layer on the backbone&apos;s outputs; no backbone layer trains.</source>
        <translation>„%1“ trainiert eine neue Schicht auf den Ausgaben des Backbones; keine Backbone-Schicht wird trainiert.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; trains the ticked layers; BatchNorm layers stay frozen.</source>
        <translation>„%1“ trainiert die angekreuzten Schichten; BatchNorm-Schichten bleiben eingefroren.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; trains the ticked layers.</source>
        <translation>„%1“ trainiert die angekreuzten Schichten.</translation>
    </message>
    <message>
        <source>Ticked by hand: every stage after &apos;linear&apos; trains exactly these layers.</source>
        <translation>Von Hand angekreuzt: Jede Stufe nach „linear“ trainiert genau diese Schichten.</translation>
    </message>
</context>
<context>
    <name>RelabelActions</name>
    <message>
        <source>quarantine of %1</source>
        <translation>Quarantäne von %1</translation>
    </message>
    <message>
        <source>move of %1 to %2</source>
        <translation>Verschieben von %1 nach %2</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederherstellen</translation>
    </message>
    <message>
        <source>Open an image folder first.</source>
        <translation>Öffnen Sie zuerst einen Bildordner.</translation>
    </message>
    <message>
        <source>Featurelab moves image files only while no job reads them: wait for &quot;%1&quot; to finish or cancel it.</source>
        <translation>Featurelab verschiebt Bilddateien nur, während kein Auftrag sie liest: Warten Sie, bis „%1“ fertig ist, oder brechen Sie ihn ab.</translation>
    </message>
    <message>
        <source>Cannot move the image</source>
        <translation>Das Bild kann nicht verschoben werden</translation>
    </message>
    <message>
        <source>Moved %1 to %2 (Ctrl+Z undoes it). The run&apos;s results still count it as it was labelled when it ran.</source>
        <translation>%1 nach %2 verschoben (Strg+Z macht es rückgängig). Die Ergebnisse des Laufs zählen es weiter mit der Klasse, die es beim Lauf hatte.</translation>
    </message>
    <message>
        <source>Cannot quarantine the image</source>
        <translation>Das Bild kann nicht in Quarantäne verschoben werden</translation>
    </message>
    <message>
        <source>Quarantined %1 in %2 (Ctrl+Z undoes it).</source>
        <translation>%1 in Quarantäne verschoben: %2 (Strg+Z macht es rückgängig).</translation>
    </message>
    <message>
        <source>Cannot undo</source>
        <translation>Rückgängig nicht möglich</translation>
    </message>
    <message>
        <source>Undone: %1 is back at %2.</source>
        <translation>Rückgängig gemacht: %1 ist wieder unter %2.</translation>
    </message>
    <message>
        <source>Cannot redo</source>
        <translation>Wiederherstellen nicht möglich</translation>
    </message>
    <message>
        <source>Redone: %1 is at %2 again.</source>
        <translation>Wiederhergestellt: %1 ist wieder unter %2.</translation>
    </message>
    <message>
        <source>&amp;Undo %1</source>
        <translation>&amp;Rückgängig: %1</translation>
    </message>
    <message>
        <source>&amp;Redo %1</source>
        <translation>&amp;Wiederherstellen: %1</translation>
    </message>
</context>
<context>
    <name>RelabelMenu</name>
    <message>
        <source>Move to class</source>
        <translation>In Klasse verschieben</translation>
    </message>
    <message>
        <source>Quarantine</source>
        <translation>Quarantäne</translation>
    </message>
    <message>
        <source>Move the image file out of the splits into .featurelab/quarantine (Ctrl+Z undoes it)</source>
        <translation>Verschiebt die Bilddatei aus den Teilmengen nach .featurelab/quarantine (Strg+Z macht es rückgängig)</translation>
    </message>
</context>
<context>
    <name>RunComparisonView</name>
    <message>
        <source>Select runs above to compare them: their valid curves appear in the Curves panel, their stage tables and settings here.</source>
        <translation>Wählen Sie oben Läufe aus, um sie zu vergleichen: Ihre Validierungskurven erscheinen im Bereich „Kurven“, ihre Stufentabellen und Einstellungen hier.</translation>
    </message>
    <message>
        <source>Stage tables</source>
        <translation>Stufentabellen</translation>
    </message>
    <message>
        <source>Only settings that differ</source>
        <translation>Nur abweichende Einstellungen</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>Einstellung</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>stage</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>epochs</source>
        <translation>Epochen</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>Sekunden</translation>
    </message>
    <message>
        <source>train acc</source>
        <translation>Gen. Training</translation>
    </message>
    <message>
        <source>valid acc</source>
        <translation>Gen. Validierung</translation>
    </message>
    <message>
        <source>valid loss</source>
        <translation>Verlust Validierung</translation>
    </message>
    <message>
        <source>run</source>
        <translation>Lauf</translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <source>Adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <source>SGD with momentum</source>
        <translation>SGD mit Momentum</translation>
    </message>
    <message>
        <source>RMSprop</source>
        <translation>RMSprop</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>Optimierer</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>Batchgröße</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Startwert</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Train the ticked stages (Ctrl+R)</source>
        <translation>Die angekreuzten Stufen trainieren (Strg+R)</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stoppen</translation>
    </message>
    <message>
        <source>Stop after the current batch (Esc)</source>
        <translation>Nach dem aktuellen Batch stoppen (Esc)</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>Trainable params</source>
        <translation>Trainierbare Parameter</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>Epochen</translation>
    </message>
    <message>
        <source>Seconds</source>
        <translation>Sekunden</translation>
    </message>
    <message>
        <source>Train acc</source>
        <translation>Trainingsgenauigkeit</translation>
    </message>
    <message>
        <source>Valid acc</source>
        <translation>Validierungsgenauigkeit</translation>
    </message>
    <message>
        <source>Valid loss</source>
        <translation>Validierungsverlust</translation>
    </message>
    <message>
        <source>Device: %1</source>
        <translation>Gerät: %1</translation>
    </message>
    <message>
        <source>Augment</source>
        <translation>Augmentieren</translation>
    </message>
    <message>
        <source>Train on randomly cropped and flipped images</source>
        <translation>Auf zufällig zugeschnittenen und gespiegelten Bildern trainieren</translation>
    </message>
    <message>
        <source>Reset to defaults</source>
        <translation>Standardwerte</translation>
    </message>
    <message>
        <source>Every stage&apos;s settings and the seed back to the recipe&apos;s defaults</source>
        <translation>Die Einstellungen jeder Stufe und den Seed auf die Standardwerte des Rezepts zurücksetzen</translation>
    </message>
    <message>
        <source>This stage trains on stored features, not on images</source>
        <translation>Diese Stufe trainiert auf gespeicherten Merkmalen, nicht auf Bildern</translation>
    </message>
    <message>
        <source>Changed; the recipe&apos;s default is %1</source>
        <translation>Geändert; der Standardwert des Rezepts ist %1</translation>
    </message>
    <message>
        <source>The recipe&apos;s default</source>
        <translation>Standardwert des Rezepts</translation>
    </message>
    <message>
        <source>, times %1 from epoch %2</source>
        <translation>, mal %1 ab Epoche %2</translation>
    </message>
    <message>
        <source>The recipe&apos;s default: %1</source>
        <translation>Standardwert des Rezepts: %1</translation>
    </message>
    <message>
        <source>on</source>
        <translation>an</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>Find LR…</source>
        <translation>LR finden…</translation>
    </message>
    <message>
        <source>Sweep a stage&apos;s learning rate over 100 batches and suggest one (the model is not changed)</source>
        <translation>Die Lernrate einer Stufe über 100 Batches durchfahren und eine vorschlagen (das Modell bleibt unverändert)</translation>
    </message>
    <message>
        <source>Stage %1</source>
        <translation>Stufe %1</translation>
    </message>
</context>
<context>
    <name>Workbench</name>
    <message>
        <source>Scanned %1: %2 classes</source>
        <translation>%1 durchsucht: %2 Klassen</translation>
    </message>
    <message>
        <source>Cannot load the backbone %1</source>
        <translation>Das Backbone %1 kann nicht geladen werden</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>Beschäftigt</translation>
    </message>
    <message>
        <source>Wait for &quot;%1&quot; to finish or cancel it first.</source>
        <translation>Warten Sie, bis „%1“ fertig ist, oder brechen Sie es zuerst ab.</translation>
    </message>
    <message>
        <source>No data</source>
        <translation>Keine Daten</translation>
    </message>
    <message>
        <source>Choose an image folder in the Data panel first.</source>
        <translation>Wählen Sie zuerst einen Bildordner im Bereich „Daten“.</translation>
    </message>
    <message>
        <source>No stage</source>
        <translation>Keine Stufe</translation>
    </message>
    <message>
        <source>Tick at least one stage to train.</source>
        <translation>Kreuzen Sie mindestens eine Stufe zum Trainieren an.</translation>
    </message>
    <message>
        <source>Cannot start</source>
        <translation>Start nicht möglich</translation>
    </message>
    <message>
        <source>Cancelled: %1</source>
        <translation>Abgebrochen: %1</translation>
    </message>
    <message>
        <source>Run written to %1</source>
        <translation>Lauf gespeichert in %1</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Choose weights…</source>
        <translation>Gewichte wählen…</translation>
    </message>
    <message>
        <source>Start at &apos;%1&apos;</source>
        <translation>Bei „%1“ beginnen</translation>
    </message>
    <message>
        <source>Start a new run</source>
        <translation>Neuen Lauf starten</translation>
    </message>
    <message>
        <source>Run stopped during %1</source>
        <translation>Lauf während %1 angehalten</translation>
    </message>
    <message>
        <source>Stopped: %1</source>
        <translation>Angehalten: %1</translation>
    </message>
    <message>
        <source>%1 keeps its finished stages (%2 of %3); resume it to train the rest.</source>
        <translation>%1 behält seine abgeschlossenen Stufen (%2 von %3); setzen Sie ihn fort, um den Rest zu trainieren.</translation>
    </message>
    <message>
        <source>%1 likely mislabeled images in %2/</source>
        <translation>%1 wahrscheinlich falsch beschriftete Bilder in %2/</translation>
    </message>
    <message>
        <source>No backbone</source>
        <translation>Kein Backbone</translation>
    </message>
    <message>
        <source>Choose a backbone in the Model panel first.</source>
        <translation>Wählen Sie zuerst ein Backbone im Bereich „Modell“.</translation>
    </message>
    <message>
        <source>Open or train a run for the ImageNet top-5.</source>
        <translation>Öffnen oder trainieren Sie einen Lauf für die ImageNet-Top-5.</translation>
    </message>
    <message>
        <source>Suggested learning rate for stage %1: %2</source>
        <translation>Vorgeschlagene Lernrate für Stufe %1: %2</translation>
    </message>
    <message>
        <source>Cannot find the LR</source>
        <translation>Lernrate kann nicht gesucht werden</translation>
    </message>
    <message>
        <source>Grad-CAM needs a trained model: train a stage or open a run.</source>
        <translation>Grad-CAM braucht ein trainiertes Modell: Trainieren Sie eine Stufe oder öffnen Sie einen Lauf.</translation>
    </message>
    <message>
        <source>Embedding map of %1/: %2 points</source>
        <translation>Einbettungskarte von %1/: %2 Punkte</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
</context>
<context>
    <name>appsettings</name>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Transfer learning on image folders.</source>
        <translation>Transfer-Learning auf Bildordnern.</translation>
    </message>
    <message>
        <source>Open this ImageFolder tree.</source>
        <translation>Diesen ImageFolder-Baum öffnen.</translation>
    </message>
    <message>
        <source>Preselect this backbone, ARCH[:WEIGHTS_FILE].</source>
        <translation>Dieses Backbone vorauswählen, ARCH[:GEWICHTSDATEI].</translation>
    </message>
</context>
</TS>
