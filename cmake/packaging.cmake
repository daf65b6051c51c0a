# The Debian package: `cmake --build build --target package` writes
# build/featurelab_<version>_amd64.deb with both binaries in /usr/bin and the desktop files
# (cmake/desktop.cmake). Translations are compiled into the GUI as Qt resources.
install(TARGETS featurelab-cli RUNTIME DESTINATION bin)
if(TARGET featurelab)
    install(TARGETS featurelab RUNTIME DESTINATION bin)
endif()

set(FEATURELAB_PACKAGE_CONTACT "The Featurelab maintainers <maintainers@featurelab.invalid>"
    CACHE STRING "The .deb's Maintainer field")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME featurelab)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT ${FEATURELAB_PACKAGE_CONTACT})
set(CPACK_PACKAGE_VENDOR "Featurelab")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "transfer learning workbench for image folders")
# The long description; CPack puts the summary above it as the first Description line.
string(CONCAT CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Featurelab trains image classifiers on a folder of photos (one subfolder\n"
    "per class) from a pretrained network (VGG16, ResNet-18/50, MobileNet; Keras\n"
    "HDF5 or PyTorch weights), in the four stages of the classic fine-tuning\n"
    "recipe, and shows what the model learned: curves, confusion matrix, the\n"
    "most and least confident images. featurelab is the Qt desktop application;\n"
    "featurelab-cli runs the same recipe headless.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # featurelab_<version>_<arch>.deb
find_program(FEATURELAB_DPKG dpkg)
if(FEATURELAB_DPKG)
    execute_process(COMMAND ${FEATURELAB_DPKG} --print-architecture
                    OUTPUT_VARIABLE CPACK_DEBIAN_PACKAGE_ARCHITECTURE
                    OUTPUT_STRIP_TRAILING_WHITESPACE)
else()
    set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE amd64)
endif()
set(FEATURELAB_DEB_FILE
    ${CMAKE_BINARY_DIR}/featurelab_${PROJECT_VERSION}_${CPACK_DEBIAN_PACKAGE_ARCHITECTURE}.deb)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/featurelab/featurelab")
# dpkg-shlibdeps derives the library packages (Qt 6, libtorch, OpenCV, HDF5, libstdc++) from
# the binaries' NEEDED entries. Added by hand: what is loaded at run time, not linked:
# OpenBLAS (libtorch takes whichever libblas.so.3 is selected; OpenBLAS is ~8x faster dense
# layers than the reference BLAS) and Qt's platform plugins (xcb, wayland, offscreen).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libopenblas0-pthread, qt6-qpa-plugins")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-translations-l10n")
set(CPACK_STRIP_FILES ON)
include(CPack)

# test_cli_package unpacks this .deb (packaging/test.sh builds it before ctest).
if(TARGET test_cli_package)
    target_compile_definitions(test_cli_package PRIVATE
        FEATURELAB_DEB_FILE="${FEATURELAB_DEB_FILE}"
        FEATURELAB_BINARY_DIR="${CMAKE_BINARY_DIR}")
endif()
