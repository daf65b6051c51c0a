<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>CacheDialog</name>
    <message>
        <source>Feature cache</source>
        <translation>Cache des caractéristiques</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Choisir…</translation>
    </message>
    <message>
        <source>Feature cache folder</source>
        <translation>Dossier du cache des caractéristiques</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>Dossier de données</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Fichiers</translation>
    </message>
    <message>
        <source>Clear this data folder</source>
        <translation>Vider ce dossier de données</translation>
    </message>
    <message>
        <source>Clear all</source>
        <translation>Tout vider</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>Dossier :</translation>
    </message>
    <message>
        <source>%1 in %2</source>
        <translation>%1 dans %2</translation>
    </message>
    <message>
        <source>Cannot clear the cache</source>
        <translation>Impossible de vider le cache</translation>
    </message>
</context>
<context>
    <name>ClassBalanceBar</name>
    <message>
        <source>%1: %2 images (%3%)</source>
        <translation>%1 : %2 images (%3 %)</translation>
    </message>
</context>
<context>
    <name>ConfusionPanel</name>
    <message>
        <source>Rows: true class. Columns: predicted class. Click a cell to see its images in the gallery.</source>
        <translation>Lignes : classe réelle. Colonnes : classe prédite. Cliquez sur une cellule pour voir ses images dans la galerie.</translation>
    </message>
    <message>
        <source>No predictions.</source>
        <translation>Aucune prédiction.</translation>
    </message>
    <message>
        <source>Accuracy %1% (%2 of %3). Rows: true class. Columns: predicted class. Click a cell to see its images.</source>
        <translation>Exactitude %1 % (%2 sur %3). Lignes : classe réelle. Colonnes : classe prédite. Cliquez sur une cellule pour voir ses images.</translation>
    </message>
</context>
<context>
    <name>ConfusionView</name>
    <message>
        <source>No evaluation yet</source>
        <translation>Pas encore d’évaluation</translation>
    </message>
    <message>
        <source>true %1, predicted %2: %3 images (%4% of the row)</source>
        <translation>réel %1, prédit %2 : %3 images (%4 % de la ligne)</translation>
    </message>
</context>
<context>
    <name>CurvesPanel</name>
    <message>
        <source>Loss</source>
        <translation>Perte</translation>
    </message>
    <message>
        <source>batch loss (smoothed)</source>
        <translation>perte par lot (lissée)</translation>
    </message>
    <message>
        <source>train</source>
        <translation>entraînement</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>validation</translation>
    </message>
    <message>
        <source>Accuracy (%)</source>
        <translation>Exactitude (%)</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>époque</translation>
    </message>
    <message>
        <source>%1 valid</source>
        <translation>%1 validation</translation>
    </message>
</context>
<context>
    <name>DataPanel</name>
    <message>
        <source>Choose folder…</source>
        <translation>Choisir un dossier…</translation>
    </message>
    <message>
        <source>Pick an ImageFolder tree (train/ and valid/ with one subfolder per class). You can also drop a folder here.</source>
        <translation>Choisissez une arborescence ImageFolder (train/ et valid/ avec un sous-dossier par classe). Vous pouvez aussi déposer un dossier ici.</translation>
    </message>
    <message>
        <source>Recent folders</source>
        <translation>Dossiers récents</translation>
    </message>
    <message>
        <source>No folder yet. Choose one or drop it here.</source>
        <translation>Aucun dossier pour l’instant. Choisissez-en un ou déposez-le ici.</translation>
    </message>
    <message>
        <source>Class balance (train)</source>
        <translation>Équilibre des classes (entraînement)</translation>
    </message>
    <message>
        <source>Skipped files</source>
        <translation>Fichiers ignorés</translation>
    </message>
    <message>
        <source>Show in file manager</source>
        <translation>Afficher dans le gestionnaire de fichiers</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Fichier</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Raison</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Classe</translation>
    </message>
    <message>
        <source>%1
Classes: %2. Images: %3. %4</source>
        <translation>%1
Classes : %2. Images : %3. %4</translation>
    </message>
    <message>
        <source>Choose an image folder</source>
        <translation>Choisir un dossier d’images</translation>
    </message>
</context>
<context>
    <name>EmbeddingMapView</name>
    <message>
        <source>true: %1</source>
        <translation>vraie : %1</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>inconnu</translation>
    </message>
    <message>
        <source>predicted: %1</source>
        <translation>prédite : %1</translation>
    </message>
    <message>
        <source>loading…</source>
        <translation>chargement…</translation>
    </message>
</context>
<context>
    <name>EmbeddingPanel</name>
    <message>
        <source>Split:</source>
        <translation>Partie :</translation>
    </message>
    <message>
        <source>Method:</source>
        <translation>Méthode :</translation>
    </message>
    <message>
        <source>The two leading principal components: instant and linear</source>
        <translation>Les deux premières composantes principales : instantané et linéaire</translation>
    </message>
    <message>
        <source>Barnes-Hut t-SNE: keeps neighbourhoods, takes a while; the map moves while it converges</source>
        <translation>t-SNE de Barnes-Hut : garde les voisinages, prend un moment ; la carte bouge pendant qu’il converge</translation>
    </message>
    <message>
        <source>Compute</source>
        <translation>Calculer</translation>
    </message>
    <message>
        <source>Lays out the split&apos;s cached backbone features in two dimensions</source>
        <translation>Dispose en deux dimensions les caractéristiques du réseau de base en cache de la partie</translation>
    </message>
    <message>
        <source>Colour by:</source>
        <translation>Couleur selon :</translation>
    </message>
    <message>
        <source>True class</source>
        <translation>Vraie classe</translation>
    </message>
    <message>
        <source>Predicted class</source>
        <translation>Classe prédite</translation>
    </message>
    <message>
        <source>Wrong predictions</source>
        <translation>Prédictions fausses</translation>
    </message>
    <message>
        <source>Pan</source>
        <translation>Déplacer</translation>
    </message>
    <message>
        <source>Drag to move the map, the wheel zooms; Shift+drag selects a rectangle, Ctrl+drag a lasso</source>
        <translation>Glisser déplace la carte, la molette zoome ; Maj+glisser sélectionne un rectangle, Ctrl+glisser un lasso</translation>
    </message>
    <message>
        <source>Rectangle</source>
        <translation>Rectangle</translation>
    </message>
    <message>
        <source>Drag a rectangle: its images go to the gallery&apos;s Selected on map tab</source>
        <translation>Tracez un rectangle : ses images vont dans l’onglet « Sélection sur la carte » de la galerie</translation>
    </message>
    <message>
        <source>Lasso</source>
        <translation>Lasso</translation>
    </message>
    <message>
        <source>Draw around points: their images go to the gallery&apos;s Selected on map tab</source>
        <translation>Entourez des points : leurs images vont dans l’onglet « Sélection sur la carte » de la galerie</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Ajuster</translation>
    </message>
    <message>
        <source>Show every point (double-clicking the map does the same)</source>
        <translation>Montrer tous les points (un double-clic sur la carte fait de même)</translation>
    </message>
    <message>
        <source>Choose a split and a method and press Compute: each image of the split becomes a point, placed by its backbone features.</source>
        <translation>Choisissez une partie et une méthode et cliquez sur « Calculer » : chaque image de la partie devient un point, placé selon ses caractéristiques du réseau de base.</translation>
    </message>
    <message>
        <source>Images selected: %1. The gallery&apos;s Selected on map tab shows them.</source>
        <translation>Images sélectionnées : %1. L’onglet « Sélection sur la carte » de la galerie les montre.</translation>
    </message>
    <message>
        <source>PCA</source>
        <translation>ACP</translation>
    </message>
    <message>
        <source>t-SNE</source>
        <translation>t-SNE</translation>
    </message>
    <message>
        <source>Hover a point for its thumbnail, click it to inspect the image, Shift+drag to send a group of images to the gallery.</source>
        <translation>Survolez un point pour sa vignette, cliquez dessus pour inspecter l’image, Maj+glisser envoie un groupe d’images dans la galerie.</translation>
    </message>
    <message>
        <source>Computing the %1 of %2/…</source>
        <translation>Calcul (%1) de %2/…</translation>
    </message>
    <message>
        <source>Colours appear when the layout is done.</source>
        <translation>Les couleurs apparaissent quand la disposition est terminée.</translation>
    </message>
    <message>
        <source>t-SNE of %1/: iteration %2 of %3 (early exaggeration: clusters look tighter than they are)</source>
        <translation>t-SNE de %1/ : itération %2 sur %3 (exagération initiale : les groupes paraissent plus serrés qu’ils ne le sont)</translation>
    </message>
    <message>
        <source>t-SNE of %1/: iteration %2 of %3</source>
        <translation>t-SNE de %1/ : itération %2 sur %3</translation>
    </message>
    <message>
        <source>No run: train a stage or open a run to colour by its predictions.</source>
        <translation>Aucune exécution : entraînez une étape ou ouvrez une exécution pour colorer selon ses prédictions.</translation>
    </message>
    <message>
        <source>The shown run was trained on another data folder.</source>
        <translation>L’exécution affichée a été entraînée sur un autre dossier de données.</translation>
    </message>
    <message>
        <source>The run has predictions for %1/ only.</source>
        <translation>L’exécution n’a de prédictions que pour %1/.</translation>
    </message>
    <message>
        <source>The run has no prediction for these images.</source>
        <translation>L’exécution n’a aucune prédiction pour ces images.</translation>
    </message>
    <message>
        <source>What the points&apos; colours show</source>
        <translation>Ce que montrent les couleurs des points</translation>
    </message>
    <message>
        <source>correct</source>
        <translation>juste</translation>
    </message>
    <message>
        <source>wrong</source>
        <translation>faux</translation>
    </message>
    <message>
        <source>unlabelled</source>
        <translation>sans étiquette</translation>
    </message>
    <message>
        <source>no prediction</source>
        <translation>sans prédiction</translation>
    </message>
    <message>
        <source>PCA of %1/: %2 images, %3 features at %4; the axes hold %5% and %6% of the variance.</source>
        <translation>ACP de %1/ : %2 images, %3 caractéristiques à %4 ; les axes portent %5 % et %6 % de la variance.</translation>
    </message>
    <message>
        <source>t-SNE of %1/: %2 images, %3 features at %4; perplexity %5, %6 iterations, KL divergence %7.</source>
        <translation>t-SNE de %1/ : %2 images, %3 caractéristiques à %4 ; perplexité %5, %6 itérations, divergence KL %7.</translation>
    </message>
    <message>
        <source>%1 s.</source>
        <translation>%1 s.</translation>
    </message>
    <message>
        <source>Files skipped: %1.</source>
        <translation>Fichiers ignorés : %1.</translation>
    </message>
</context>
<context>
    <name>EngineBridge</name>
    <message>
        <source>Training %1</source>
        <translation>Entraînement %1</translation>
    </message>
    <message>
        <source>Scanning %1</source>
        <translation>Analyse de %1</translation>
    </message>
    <message>
        <source>Describing %1</source>
        <translation>Description de %1</translation>
    </message>
    <message>
        <source>ImageNet top-5</source>
        <translation>Top 5 ImageNet</translation>
    </message>
    <message>
        <source>Exporting %1</source>
        <translation>Exportation de %1</translation>
    </message>
    <message>
        <source>Opening run %1</source>
        <translation>Ouverture de l’exécution %1</translation>
    </message>
    <message>
        <source>Predicting %1</source>
        <translation>Prédiction de %1</translation>
    </message>
    <message>
        <source>Grad-CAM</source>
        <translation>Grad-CAM</translation>
    </message>
    <message>
        <source>Finding likely mislabeled images in %1/</source>
        <translation>Recherche des images probablement mal étiquetées dans %1/</translation>
    </message>
    <message>
        <source>Finding the learning rate of stage %1</source>
        <translation>Recherche du taux d&apos;apprentissage de l&apos;étape %1</translation>
    </message>
    <message>
        <source>Computing the embedding map (%1) of %2/</source>
        <translation>Calcul de la carte des plongements (%1) de %2/</translation>
    </message>
</context>
<context>
    <name>Exporter</name>
    <message>
        <source>Train a stage first.</source>
        <translation>Entraînez d’abord une étape.</translation>
    </message>
    <message>
        <source>No curves yet.</source>
        <translation>Pas encore de courbes.</translation>
    </message>
    <message>
        <source>The data folder has no test/ split, so there is no submission.</source>
        <translation>Le dossier de données n’a pas de partie test/, il n’y a donc pas de soumission.</translation>
    </message>
    <message>
        <source>This run folder has no %1.</source>
        <translation>Ce dossier d’exécution ne contient pas %1.</translation>
    </message>
    <message>
        <source>Nothing to export</source>
        <translation>Rien à exporter</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Échec de l’export</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>Impossible d’écrire %1.</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <source>safetensors (*.safetensors)</source>
        <translation>safetensors (*.safetensors)</translation>
    </message>
    <message>
        <source>Keras HDF5 (*.h5)</source>
        <translation>HDF5 Keras (*.h5)</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG image (*.svg)</source>
        <translation>Image PNG (*.png);;Image SVG (*.svg)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exporter</translation>
    </message>
    <message>
        <source>Wait for the running job to finish.</source>
        <translation>Attendez la fin de la tâche en cours.</translation>
    </message>
    <message>
        <source>Choose the folder to predict first.</source>
        <translation>Choisissez d’abord le dossier à prédire.</translation>
    </message>
    <message>
        <source>Folder of images to predict</source>
        <translation>Dossier d’images à prédire</translation>
    </message>
    <message>
        <source>Kaggle submission, id,label (*.csv)</source>
        <translation>Soumission Kaggle, id,label (*.csv)</translation>
    </message>
</context>
<context>
    <name>GalleryModel</name>
    <message>
        <source>%1
true: %2, predicted: %3</source>
        <translation>%1
réel : %2, prédit : %3</translation>
    </message>
    <message>
        <source>%1 → %2
p(%1) %3%</source>
        <translation>%1 → %2
p(%1) %3 %</translation>
    </message>
    <message>
        <source>%1
given: %2, suggested: %3
out-of-fold p(%2) = %4</source>
        <translation>%1
donnée : %2, suggérée : %3
p(%2) hors pli = %4</translation>
    </message>
    <message>
        <source>%1
true: %2</source>
        <translation>%1
vraie : %2</translation>
    </message>
</context>
<context>
    <name>GalleryPanel</name>
    <message>
        <source>Random correct</source>
        <translation>Correctes au hasard</translation>
    </message>
    <message>
        <source>Random incorrect</source>
        <translation>Incorrectes au hasard</translation>
    </message>
    <message>
        <source>Most confident correct</source>
        <translation>Correctes les plus sûres</translation>
    </message>
    <message>
        <source>Most confident wrong</source>
        <translation>Erreurs les plus sûres</translation>
    </message>
    <message>
        <source>Most uncertain</source>
        <translation>Les plus incertaines</translation>
    </message>
    <message>
        <source>Confusion cell</source>
        <translation>Cellule de confusion</translation>
    </message>
    <message>
        <source>No images in this view yet. Train a stage to fill the gallery.</source>
        <translation>Pas encore d’images dans cette vue. Entraînez une étape pour remplir la galerie.</translation>
    </message>
    <message>
        <source>true %1 / predicted %2 (%3)</source>
        <translation>réel %1 / prédit %2 (%3)</translation>
    </message>
    <message>
        <source>Likely mislabeled</source>
        <translation>Probablement mal étiquetées</translation>
    </message>
    <message>
        <source>Selected on map</source>
        <translation>Sélection sur la carte</translation>
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
        <translation>Classe prédite</translation>
    </message>
    <message>
        <source>Last conv block</source>
        <translation>Dernier bloc conv</translation>
    </message>
    <message>
        <source>How strongly the heat map covers the image (0: the image alone)</source>
        <translation>Intensité de la carte de chaleur sur l&apos;image (0 : l&apos;image seule)</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Classe</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Couche</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>Opacité</translation>
    </message>
    <message>
        <source>Where the evidence for the class lies: the gradients of its score weight the channels of a conv layer (red: strong, blue: none).</source>
        <translation>Où se trouvent les indices en faveur de la classe : les gradients de son score pondèrent les canaux d&apos;une couche de convolution (rouge : fort, bleu : aucun).</translation>
    </message>
    <message>
        <source>Last conv block (%1)</source>
        <translation>Dernier bloc conv (%1)</translation>
    </message>
</context>
<context>
    <name>HistoryController</name>
    <message>
        <source>Comparing the first %1 of the %2 selected runs.</source>
        <translation>Comparaison des %1 premières des %2 exécutions sélectionnées.</translation>
    </message>
    <message>
        <source>%1 cannot be compared: %2</source>
        <translation>%1 ne peut pas être comparée : %2</translation>
    </message>
    <message>
        <source>Runs compared in the Curves panel: %1</source>
        <translation>Exécutions comparées dans le panneau Courbes : %1</translation>
    </message>
    <message>
        <source>Cannot rename the run</source>
        <translation>Impossible de renommer l’exécution</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a folder name.</source>
        <translation>« %1 » n’est pas un nom de dossier.</translation>
    </message>
    <message>
        <source>%1 is training; rename it once it has finished.</source>
        <translation>%1 est en cours d’entraînement ; renommez-la une fois terminée.</translation>
    </message>
    <message>
        <source>%1 already exists.</source>
        <translation>%1 existe déjà.</translation>
    </message>
    <message>
        <source>%1 could not be renamed to %2.</source>
        <translation>%1 n’a pas pu être renommé en %2.</translation>
    </message>
    <message>
        <source>Renamed to %1</source>
        <translation>Renommé en %1</translation>
    </message>
    <message>
        <source>%1 is training; stop it first.</source>
        <translation>%1 est en cours d’entraînement ; arrêtez-la d’abord.</translation>
    </message>
    <message>
        <source>Not moved to the trash</source>
        <translation>Non mis à la corbeille</translation>
    </message>
    <message>
        <source>These runs stay where they are: no trash is available for them, or it cannot be written. Nothing was deleted.

%1</source>
        <translation>Ces exécutions restent où elles sont : aucune corbeille n’est disponible pour elles, ou elle n’est pas accessible en écriture. Rien n’a été supprimé.

%1</translation>
    </message>
    <message>
        <source>Runs moved to the trash: %1</source>
        <translation>Exécutions mises à la corbeille : %1</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <source>Folders</source>
        <translation>Dossiers</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>Ajouter un dossier…</translation>
    </message>
    <message>
        <source>Also list the runs in another folder (kept for the next start)</source>
        <translation>Lister aussi les exécutions d’un autre dossier (conservé au prochain démarrage)</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <source>List the runs in</source>
        <translation>Lister les exécutions de</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Données</translation>
    </message>
    <message>
        <source>Backbone</source>
        <translation>Réseau de base</translation>
    </message>
    <message>
        <source>Stages</source>
        <translation>Étapes</translation>
    </message>
    <message>
        <source>Best stage</source>
        <translation>Meilleure étape</translation>
    </message>
    <message>
        <source>Valid acc</source>
        <translation>Exact. valid.</translation>
    </message>
    <message>
        <source>Wall time</source>
        <translation>Durée</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Exécution</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <source>complete</source>
        <translation>terminée</translation>
    </message>
    <message>
        <source>interrupted: %1</source>
        <translation>interrompue : %1</translation>
    </message>
    <message>
        <source>unreadable: %1</source>
        <translation>illisible : %1</translation>
    </message>
    <message>
        <source>Runs: %1</source>
        <translation>Exécutions : %1</translation>
    </message>
    <message>
        <source>The runs folder the workbench and featurelab-cli write to</source>
        <translation>Le dossier des exécutions où écrivent l’atelier et featurelab-cli</translation>
    </message>
    <message>
        <source>Stop listing %1</source>
        <translation>Ne plus lister %1</translation>
    </message>
    <message>
        <source>Listed folders: %1</source>
        <translation>Dossiers listés : %1</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Ouvrir</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Renommer…</translation>
    </message>
    <message>
        <source>Move to Trash…</source>
        <translation>Mettre à la corbeille…</translation>
    </message>
    <message>
        <source>Rename run</source>
        <translation>Renommer l’exécution</translation>
    </message>
    <message>
        <source>New name of the run folder:</source>
        <translation>Nouveau nom du dossier d’exécution :</translation>
    </message>
    <message>
        <source>Move the run %1 to the trash?</source>
        <translation>Mettre l’exécution %1 à la corbeille ?</translation>
    </message>
    <message>
        <source>Move these %1 runs to the trash?</source>
        <translation>Mettre ces %1 exécutions à la corbeille ?</translation>
    </message>
    <message>
        <source>Move to Trash</source>
        <translation>Mettre à la corbeille</translation>
    </message>
</context>
<context>
    <name>InspectorPanel</name>
    <message>
        <source>Class probabilities</source>
        <translation>Probabilités par classe</translation>
    </message>
    <message>
        <source>Backbone ImageNet top-5</source>
        <translation>Top 5 ImageNet du réseau de base</translation>
    </message>
    <message>
        <source>Open containing folder</source>
        <translation>Ouvrir le dossier parent</translation>
    </message>
    <message>
        <source>Copy path</source>
        <translation>Copier le chemin</translation>
    </message>
    <message>
        <source>← → step through the gallery</source>
        <translation>← → parcourir la galerie</translation>
    </message>
    <message>
        <source>Click a thumbnail in the gallery</source>
        <translation>Cliquez sur une miniature de la galerie</translation>
    </message>
    <message>
        <source>Cannot read this image: %1</source>
        <translation>Impossible de lire cette image : %1</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>inconnu</translation>
    </message>
    <message>
        <source>True: &lt;b&gt;%1&lt;/b&gt;&lt;br&gt;Predicted: &lt;b&gt;&lt;span style=&quot;color:%3&quot;&gt;%2&lt;/span&gt;&lt;/b&gt;</source>
        <translation>Réel : &lt;b&gt;%1&lt;/b&gt;&lt;br&gt;Prédit : &lt;b&gt;&lt;span style=&quot;color:%3&quot;&gt;%2&lt;/span&gt;&lt;/b&gt;</translation>
    </message>
    <message>
        <source>computing…</source>
        <translation>calcul en cours…</translation>
    </message>
    <message>
        <source>Move to class</source>
        <translation>Déplacer vers la classe</translation>
    </message>
    <message>
        <source>Quarantine</source>
        <translation>Quarantaine</translation>
    </message>
    <message>
        <source>Move the image file out of the splits into .featurelab/quarantine (Ctrl+Z undoes it)</source>
        <translation>Déplace le fichier image hors des sous-ensembles, dans .featurelab/quarantine (Ctrl+Z l’annule)</translation>
    </message>
    <message>
        <source>Evidence for %1 at %2 (%3×%4)</source>
        <translation>Indices pour %1 dans %2 (%3×%4)</translation>
    </message>
</context>
<context>
    <name>JobLane</name>
    <message>
        <source>Unexpected engine error: %1</source>
        <translation>Erreur inattendue du moteur : %1</translation>
    </message>
    <message>
        <source>Unexpected engine error.</source>
        <translation>Erreur inattendue du moteur.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Annulé.</translation>
    </message>
</context>
<context>
    <name>JobStatus</name>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Cancel the running job (Esc)</source>
        <translation>Annuler la tâche en cours (Échap)</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>inconnu</translation>
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
        <translation>%1 images/s</translation>
    </message>
    <message>
        <source>ETA %1</source>
        <translation>Temps restant %1</translation>
    </message>
</context>
<context>
    <name>LabelIssuesView</name>
    <message>
        <source>Split:</source>
        <translation>Partie :</translation>
    </message>
    <message>
        <source>Find likely mislabeled</source>
        <translation>Trouver les mal étiquetées</translation>
    </message>
    <message>
        <source>Fits a logistic regression on the backbone&apos;s cached features of the other folds and ranks each image by how likely its given label is</source>
        <translation>Entraîne une régression logistique sur les caractéristiques du réseau de base en cache des autres plis et classe chaque image selon la probabilité de son étiquette</translation>
    </message>
    <message>
        <source>Looks for images whose given label the rest of the split disagrees with: a 5-fold logistic regression on the backbone&apos;s cached features, ranked the confident-learning way. Choose a split and press Find.</source>
        <translation>Cherche les images dont l’étiquette est contredite par le reste de la partie : une régression logistique à 5 plis sur les caractéristiques du réseau de base en cache, classées à la manière du confident learning. Choisissez une partie et cliquez sur « Trouver les mal étiquetées ».</translation>
    </message>
    <message>
        <source>No image of the %1 images in %2/ looks mislabeled.</source>
        <translation>Aucune des %1 images de %2/ ne semble mal étiquetée.</translation>
    </message>
    <message>
        <source>%1 of the %2 images in %3/ look mislabeled, most likely first; each caption reads given → suggested class.</source>
        <translation>%1 des %2 images de %3/ semblent mal étiquetées, les plus probables d’abord ; chaque légende se lit classe donnée → classe suggérée.</translation>
    </message>
    <message>
        <source>Estimated label noise: %1. Out-of-fold accuracy: %2%.</source>
        <translation>Bruit d’étiquetage estimé : %1. Exactitude hors pli : %2 %.</translation>
    </message>
</context>
<context>
    <name>LrFinderDialog</name>
    <message>
        <source>LR finder: stage %1</source>
        <translation>Recherche du taux d&apos;apprentissage : étape %1</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>Perte</translation>
    </message>
    <message>
        <source>Smoothed loss</source>
        <translation>Perte lissée</translation>
    </message>
    <message>
        <source>Suggested LR %1</source>
        <translation>Taux suggéré %1</translation>
    </message>
    <message>
        <source>Learning rate (log scale)</source>
        <translation>Taux d&apos;apprentissage (échelle log)</translation>
    </message>
    <message>
        <source>Training loss</source>
        <translation>Perte d&apos;entraînement</translation>
    </message>
    <message>
        <source>Suggested learning rate for stage %1: &lt;b&gt;%2&lt;/b&gt; (%3). %4 steps from %5 to %6.</source>
        <translation>Taux d&apos;apprentissage suggéré pour l&apos;étape %1 : &lt;b&gt;%2&lt;/b&gt; (%3). %4 pas de %5 à %6.</translation>
    </message>
    <message>
        <source>The sweep stopped when the loss blew up.</source>
        <translation>Le balayage s&apos;est arrêté quand la perte a explosé.</translation>
    </message>
    <message>
        <source>The model&apos;s weights were not changed.</source>
        <translation>Les poids du modèle n&apos;ont pas été modifiés.</translation>
    </message>
    <message>
        <source>Use this LR</source>
        <translation>Utiliser ce taux</translation>
    </message>
    <message>
        <source>Set stage %1&apos;s learning rate to %2</source>
        <translation>Régler le taux d&apos;apprentissage de l&apos;étape %1 à %2</translation>
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
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Données</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Entraînement</translation>
    </message>
    <message>
        <source>Curves</source>
        <translation>Courbes</translation>
    </message>
    <message>
        <source>Confusion matrix</source>
        <translation>Matrice de confusion</translation>
    </message>
    <message>
        <source>Gallery</source>
        <translation>Galerie</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>Inspecteur</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>%1 exporté</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Exécuter</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>E&amp;xporter</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Paramètres</translation>
    </message>
    <message>
        <source>&amp;Open image folder…</source>
        <translation>&amp;Ouvrir un dossier d’images…</translation>
    </message>
    <message>
        <source>&amp;Start training</source>
        <translation>&amp;Démarrer l’entraînement</translation>
    </message>
    <message>
        <source>&amp;Cancel job</source>
        <translation>&amp;Annuler la tâche</translation>
    </message>
    <message>
        <source>Model weights (safetensors)…</source>
        <translation>Poids du modèle (safetensors)…</translation>
    </message>
    <message>
        <source>Model weights (Keras h5)…</source>
        <translation>Poids du modèle (Keras h5)…</translation>
    </message>
    <message>
        <source>Validation predictions CSV…</source>
        <translation>Prédictions de validation en CSV…</translation>
    </message>
    <message>
        <source>Test-set submission CSV…</source>
        <translation>Soumission du jeu de test en CSV…</translation>
    </message>
    <message>
        <source>Confusion matrix CSV…</source>
        <translation>Matrice de confusion en CSV…</translation>
    </message>
    <message>
        <source>Curves image (PNG/SVG)…</source>
        <translation>Image des courbes (PNG/SVG)…</translation>
    </message>
    <message>
        <source>Curves CSV…</source>
        <translation>Courbes en CSV…</translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation>&amp;Réinitialiser la disposition</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Langue</translation>
    </message>
    <message>
        <source>The language changes the next time Featurelab starts.</source>
        <translation>La langue changera au prochain démarrage de Featurelab.</translation>
    </message>
    <message>
        <source>Ready. Choose an image folder to begin.</source>
        <translation>Prêt. Choisissez un dossier d’images pour commencer.</translation>
    </message>
    <message>
        <source>Open &amp;run folder…</source>
        <translation>Ouvrir un dossier d’&amp;exécution…</translation>
    </message>
    <message>
        <source>Open a run folder</source>
        <translation>Ouvrir un dossier d’exécution</translation>
    </message>
    <message>
        <source>Predict a folder with this model (CSV)…</source>
        <translation>Prédire un dossier avec ce modèle (CSV)…</translation>
    </message>
    <message>
        <source>C&amp;lear comparison</source>
        <translation>E&amp;ffacer la comparaison</translation>
    </message>
    <message>
        <source>&amp;Feature cache…</source>
        <translation>Cache des &amp;caractéristiques…</translation>
    </message>
    <message>
        <source>Run &amp;history</source>
        <translation>&amp;Historique des exécutions</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historique</translation>
    </message>
    <message>
        <source>Show the &amp;embedding map</source>
        <translation>Afficher la carte des &amp;plongements</translation>
    </message>
    <message>
        <source>Embedding map</source>
        <translation>Carte des plongements</translation>
    </message>
</context>
<context>
    <name>MapSelectionView</name>
    <message>
        <source>Shift+drag on the Embedding map (or use its Rectangle or Lasso tool) to see a group of points here.</source>
        <translation>Maj+glisser sur la carte des plongements (ou son outil Rectangle ou Lasso) montre ici un groupe de points.</translation>
    </message>
    <message>
        <source>Images selected on the Embedding map: %1 (in %2/).</source>
        <translation>Images sélectionnées sur la carte des plongements : %1 (dans %2/).</translation>
    </message>
    <message>
        <source>%1 of them predicted wrong (in red).</source>
        <translation>Dont %1 mal prédites (en rouge).</translation>
    </message>
</context>
<context>
    <name>ModelPanel</name>
    <message>
        <source>Architecture</source>
        <translation>Architecture</translation>
    </message>
    <message>
        <source>Weights file (.h5, .safetensors, .pt)</source>
        <translation>Fichier de poids (.h5, .safetensors, .pt)</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Choose a weights file</source>
        <translation>Choisir un fichier de poids</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>Poids</translation>
    </message>
    <message>
        <source>Stage presets:</source>
        <translation>Préréglages d’étape :</translation>
    </message>
    <message>
        <source>Tick the layers the &quot;%1&quot; stage trains and select that stage</source>
        <translation>Cocher les couches que l’étape « %1 » entraîne et sélectionner cette étape</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Couche</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Output shape</source>
        <translation>Forme de sortie</translation>
    </message>
    <message>
        <source>Params</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>Freeze all below selected</source>
        <translation>Geler tout avant la sélection</translation>
    </message>
    <message>
        <source>Freeze every layer above the selected one; the selected layer and all later layers train</source>
        <translation>Geler chaque couche avant celle sélectionnée ; la couche sélectionnée et toutes les suivantes sont entraînées</translation>
    </message>
    <message>
        <source>Copy summary</source>
        <translation>Copier le résumé</translation>
    </message>
    <message>
        <source>No weights file: the backbone starts from random weights, so its features carry no ImageNet knowledge and accuracy will be poor.</source>
        <translation>Aucun fichier de poids : le réseau de base part de poids aléatoires, ses caractéristiques ne portent donc aucune connaissance d’ImageNet et l’exactitude sera faible.</translation>
    </message>
    <message>
        <source>Weights file not found: %1</source>
        <translation>Fichier de poids introuvable : %1</translation>
    </message>
    <message>
        <source>Weights (*.h5 *.hdf5 *.safetensors *.pt *.pth);;All files (*)</source>
        <translation>Poids (*.h5 *.hdf5 *.safetensors *.pt *.pth);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Trainable backbone parameters: %1 of %2</source>
        <translation>Paramètres entraînables du réseau de base : %1 sur %2</translation>
    </message>
    <message>
        <source>Backbone: %1</source>
        <translation>Réseau de base : %1</translation>
    </message>
    <message>
        <source>Trainable</source>
        <translation>Entraînable</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <source>no</source>
        <translation>non</translation>
    </message>
    <message>
        <source>This weights file has no ImageNet classifier (Keras include_top=False): %1 start from random weights. The &apos;linear&apos; stage and the ImageNet top-5 need the full file; start at &apos;last&apos;.</source>
        <translation>Ce fichier de poids n’a pas de classifieur ImageNet (Keras include_top=False) : %1 partent de poids aléatoires. L’étape « linear » et le top 5 ImageNet ont besoin du fichier complet ; commencez par « last ».</translation>
    </message>
    <message>
        <source>Shown once the backbone is loaded.</source>
        <translation>Affiché une fois le backbone chargé.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; trains a new layer on the backbone&apos;s outputs; no backbone layer trains.</source>
        <translation>« %1 » entraîne une nouvelle couche sur les sorties du backbone ; aucune couche du backbone n’est entraînée.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; trains the ticked layers; BatchNorm layers stay frozen.</source>
        <translation>« %1 » entraîne les couches cochées ; les couches BatchNorm restent gelées.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; trains the ticked layers.</source>
        <translation>« %1 » entraîne les couches cochées.</translation>
    </message>
    <message>
        <source>Ticked by hand: every stage after &apos;linear&apos; trains exactly these layers.</source>
        <translation>Cochées à la main : chaque étape après « linear » entraîne exactement ces couches.</translation>
    </message>
</context>
<context>
    <name>RelabelActions</name>
    <message>
        <source>quarantine of %1</source>
        <translation>mise en quarantaine de %1</translation>
    </message>
    <message>
        <source>move of %1 to %2</source>
        <translation>déplacement de %1 vers %2</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>É&amp;dition</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Annuler</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Rétablir</translation>
    </message>
    <message>
        <source>Open an image folder first.</source>
        <translation>Ouvrez d’abord un dossier d’images.</translation>
    </message>
    <message>
        <source>Featurelab moves image files only while no job reads them: wait for &quot;%1&quot; to finish or cancel it.</source>
        <translation>Featurelab ne déplace des fichiers d’images que lorsqu’aucune tâche ne les lit : attendez la fin de « %1 » ou annulez-la.</translation>
    </message>
    <message>
        <source>Cannot move the image</source>
        <translation>Impossible de déplacer l’image</translation>
    </message>
    <message>
        <source>Moved %1 to %2 (Ctrl+Z undoes it). The run&apos;s results still count it as it was labelled when it ran.</source>
        <translation>%1 déplacé vers %2 (Ctrl+Z l’annule). Les résultats de l’exécution le comptent toujours avec la classe qu’il avait alors.</translation>
    </message>
    <message>
        <source>Cannot quarantine the image</source>
        <translation>Impossible de mettre l’image en quarantaine</translation>
    </message>
    <message>
        <source>Quarantined %1 in %2 (Ctrl+Z undoes it).</source>
        <translation>%1 mis en quarantaine dans %2 (Ctrl+Z l’annule).</translation>
    </message>
    <message>
        <source>Cannot undo</source>
        <translation>Impossible d’annuler</translation>
    </message>
    <message>
        <source>Undone: %1 is back at %2.</source>
        <translation>Annulé : %1 est de retour à %2.</translation>
    </message>
    <message>
        <source>Cannot redo</source>
        <translation>Impossible de rétablir</translation>
    </message>
    <message>
        <source>Redone: %1 is at %2 again.</source>
        <translation>Rétabli : %1 est de nouveau à %2.</translation>
    </message>
    <message>
        <source>&amp;Undo %1</source>
        <translation>&amp;Annuler : %1</translation>
    </message>
    <message>
        <source>&amp;Redo %1</source>
        <translation>&amp;Rétablir : %1</translation>
    </message>
</context>
<context>
    <name>RelabelMenu</name>
    <message>
        <source>Move to class</source>
        <translation>Déplacer vers la classe</translation>
    </message>
    <message>
        <source>Quarantine</source>
        <translation>Quarantaine</translation>
    </message>
    <message>
        <source>Move the image file out of the splits into .featurelab/quarantine (Ctrl+Z undoes it)</source>
        <translation>Déplace le fichier image hors des sous-ensembles, dans .featurelab/quarantine (Ctrl+Z l’annule)</translation>
    </message>
</context>
<context>
    <name>RunComparisonView</name>
    <message>
        <source>Select runs above to compare them: their valid curves appear in the Curves panel, their stage tables and settings here.</source>
        <translation>Sélectionnez des exécutions ci-dessus pour les comparer : leurs courbes de validation apparaissent dans le panneau Courbes, leurs tableaux d’étapes et leurs réglages ici.</translation>
    </message>
    <message>
        <source>Stage tables</source>
        <translation>Tableaux d’étapes</translation>
    </message>
    <message>
        <source>Only settings that differ</source>
        <translation>Seulement les réglages qui diffèrent</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Étape</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>Réglage</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Réglages</translation>
    </message>
    <message>
        <source>stage</source>
        <translation>étape</translation>
    </message>
    <message>
        <source>epochs</source>
        <translation>époques</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>secondes</translation>
    </message>
    <message>
        <source>train acc</source>
        <translation>exact. entraîn.</translation>
    </message>
    <message>
        <source>valid acc</source>
        <translation>exact. valid.</translation>
    </message>
    <message>
        <source>valid loss</source>
        <translation>perte valid.</translation>
    </message>
    <message>
        <source>run</source>
        <translation>exécution</translation>
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
        <translation>SGD avec inertie</translation>
    </message>
    <message>
        <source>RMSprop</source>
        <translation>RMSprop</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>Optimiseur</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Taux d’apprentissage</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>Taille de lot</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Graine</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Démarrer</translation>
    </message>
    <message>
        <source>Train the ticked stages (Ctrl+R)</source>
        <translation>Entraîner les étapes cochées (Ctrl+R)</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Arrêter</translation>
    </message>
    <message>
        <source>Stop after the current batch (Esc)</source>
        <translation>Arrêter après le lot en cours (Échap)</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Étape</translation>
    </message>
    <message>
        <source>Trainable params</source>
        <translation>Paramètres entraînables</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>Époques</translation>
    </message>
    <message>
        <source>Seconds</source>
        <translation>Secondes</translation>
    </message>
    <message>
        <source>Train acc</source>
        <translation>Exactitude entraînement</translation>
    </message>
    <message>
        <source>Valid acc</source>
        <translation>Exactitude validation</translation>
    </message>
    <message>
        <source>Valid loss</source>
        <translation>Perte validation</translation>
    </message>
    <message>
        <source>Device: %1</source>
        <translation>Appareil : %1</translation>
    </message>
    <message>
        <source>Augment</source>
        <translation>Augmenter</translation>
    </message>
    <message>
        <source>Train on randomly cropped and flipped images</source>
        <translation>Entraîner sur des images recadrées et retournées au hasard</translation>
    </message>
    <message>
        <source>Reset to defaults</source>
        <translation>Valeurs par défaut</translation>
    </message>
    <message>
        <source>Every stage&apos;s settings and the seed back to the recipe&apos;s defaults</source>
        <translation>Remettre les réglages de chaque étape et la graine aux valeurs par défaut de la recette</translation>
    </message>
    <message>
        <source>This stage trains on stored features, not on images</source>
        <translation>Cette étape s’entraîne sur des caractéristiques stockées, pas sur des images</translation>
    </message>
    <message>
        <source>Changed; the recipe&apos;s default is %1</source>
        <translation>Modifié ; la valeur par défaut de la recette est %1</translation>
    </message>
    <message>
        <source>The recipe&apos;s default</source>
        <translation>Valeur par défaut de la recette</translation>
    </message>
    <message>
        <source>, times %1 from epoch %2</source>
        <translation>, multiplié par %1 à partir de l’époque %2</translation>
    </message>
    <message>
        <source>The recipe&apos;s default: %1</source>
        <translation>Valeur par défaut de la recette : %1</translation>
    </message>
    <message>
        <source>on</source>
        <translation>activé</translation>
    </message>
    <message>
        <source>off</source>
        <translation>désactivé</translation>
    </message>
    <message>
        <source>Find LR…</source>
        <translation>Trouver le taux…</translation>
    </message>
    <message>
        <source>Sweep a stage&apos;s learning rate over 100 batches and suggest one (the model is not changed)</source>
        <translation>Balayer le taux d&apos;apprentissage d&apos;une étape sur 100 lots et en suggérer un (le modèle n&apos;est pas modifié)</translation>
    </message>
    <message>
        <source>Stage %1</source>
        <translation>Étape %1</translation>
    </message>
</context>
<context>
    <name>Workbench</name>
    <message>
        <source>Scanned %1: %2 classes</source>
        <translation>%1 analysé : %2 classes</translation>
    </message>
    <message>
        <source>Cannot load the backbone %1</source>
        <translation>Impossible de charger le réseau de base %1</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>Occupé</translation>
    </message>
    <message>
        <source>Wait for &quot;%1&quot; to finish or cancel it first.</source>
        <translation>Attendez la fin de « %1 » ou annulez-le d’abord.</translation>
    </message>
    <message>
        <source>No data</source>
        <translation>Aucune donnée</translation>
    </message>
    <message>
        <source>Choose an image folder in the Data panel first.</source>
        <translation>Choisissez d’abord un dossier d’images dans le panneau Données.</translation>
    </message>
    <message>
        <source>No stage</source>
        <translation>Aucune étape</translation>
    </message>
    <message>
        <source>Tick at least one stage to train.</source>
        <translation>Cochez au moins une étape à entraîner.</translation>
    </message>
    <message>
        <source>Cannot start</source>
        <translation>Démarrage impossible</translation>
    </message>
    <message>
        <source>Cancelled: %1</source>
        <translation>Annulé : %1</translation>
    </message>
    <message>
        <source>Run written to %1</source>
        <translation>Exécution enregistrée dans %1</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Reprendre</translation>
    </message>
    <message>
        <source>Choose weights…</source>
        <translation>Choisir les poids…</translation>
    </message>
    <message>
        <source>Start at &apos;%1&apos;</source>
        <translation>Commencer à « %1 »</translation>
    </message>
    <message>
        <source>Start a new run</source>
        <translation>Lancer un nouvel entraînement</translation>
    </message>
    <message>
        <source>Run stopped during %1</source>
        <translation>Entraînement arrêté pendant %1</translation>
    </message>
    <message>
        <source>Stopped: %1</source>
        <translation>Arrêté : %1</translation>
    </message>
    <message>
        <source>%1 keeps its finished stages (%2 of %3); resume it to train the rest.</source>
        <translation>%1 garde ses étapes terminées (%2 sur %3) ; reprenez-le pour entraîner la suite.</translation>
    </message>
    <message>
        <source>%1 likely mislabeled images in %2/</source>
        <translation>%1 images probablement mal étiquetées dans %2/</translation>
    </message>
    <message>
        <source>No backbone</source>
        <translation>Aucun réseau de base</translation>
    </message>
    <message>
        <source>Choose a backbone in the Model panel first.</source>
        <translation>Choisissez d’abord un réseau de base dans le panneau Modèle.</translation>
    </message>
    <message>
        <source>Open or train a run for the ImageNet top-5.</source>
        <translation>Ouvrez ou entraînez une exécution pour le top 5 ImageNet.</translation>
    </message>
    <message>
        <source>Suggested learning rate for stage %1: %2</source>
        <translation>Taux d&apos;apprentissage suggéré pour l&apos;étape %1 : %2</translation>
    </message>
    <message>
        <source>Cannot find the LR</source>
        <translation>Impossible de trouver le taux</translation>
    </message>
    <message>
        <source>Grad-CAM needs a trained model: train a stage or open a run.</source>
        <translation>Grad-CAM nécessite un modèle entraîné : entraînez une étape ou ouvrez une exécution.</translation>
    </message>
    <message>
        <source>Embedding map of %1/: %2 points</source>
        <translation>Carte des plongements de %1/ : %2 points</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Annulé.</translation>
    </message>
</context>
<context>
    <name>appsettings</name>
    <message>
        <source>System language</source>
        <translation>Langue du système</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Transfer learning on image folders.</source>
        <translation>Apprentissage par transfert sur des dossiers d’images.</translation>
    </message>
    <message>
        <source>Open this ImageFolder tree.</source>
        <translation>Ouvrir cette arborescence ImageFolder.</translation>
    </message>
    <message>
        <source>Preselect this backbone, ARCH[:WEIGHTS_FILE].</source>
        <translation>Présélectionner ce réseau de base, ARCH[:FICHIER_DE_POIDS].</translation>
    </message>
</context>
</TS>
