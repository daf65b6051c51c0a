# Desktop integration: the desktop entry, the AppStream metainfo and the hicolor icons, rendered
# at build time from resources/icons/io.github.featurelab.Featurelab.svg, and where they install.
set(FEATURELAB_APP_ID io.github.featurelab.Featurelab)
set(FEATURELAB_DESKTOP_FILE ${CMAKE_SOURCE_DIR}/resources/desktop/${FEATURELAB_APP_ID}.desktop)
set(FEATURELAB_METAINFO_FILE ${CMAKE_SOURCE_DIR}/resources/desktop/${FEATURELAB_APP_ID}.metainfo.xml)
set(FEATURELAB_ICON_SVG ${CMAKE_SOURCE_DIR}/resources/icons/${FEATURELAB_APP_ID}.svg)
set(FEATURELAB_ICON_DIR ${CMAKE_BINARY_DIR}/icons/hicolor)
set(FEATURELAB_ICON_SIZES 16 24 32 48 64 128 256)

# rsvg-convert (Debian: librsvg2-bin) renders the PNGs; without it only the SVG installs, and
# test_desktop_files says so (and fails under CI=true).
find_program(FEATURELAB_RSVG_CONVERT rsvg-convert)
set(_icons)
if(FEATURELAB_RSVG_CONVERT)
    foreach(size ${FEATURELAB_ICON_SIZES})
        set(_png ${FEATURELAB_ICON_DIR}/${size}x${size}/apps/${FEATURELAB_APP_ID}.png)
        add_custom_command(OUTPUT ${_png}
            COMMAND ${CMAKE_COMMAND} -E make_directory ${FEATURELAB_ICON_DIR}/${size}x${size}/apps
            COMMAND ${FEATURELAB_RSVG_CONVERT} -w ${size} -h ${size} -o ${_png} ${FEATURELAB_ICON_SVG}
            DEPENDS ${FEATURELAB_ICON_SVG}
            COMMENT "Rendering the ${size}x${size} icon" VERBATIM)
        list(APPEND _icons ${_png})
        install(FILES ${_png} DESTINATION share/icons/hicolor/${size}x${size}/apps)
    endforeach()
else()
    message(WARNING "rsvg-convert not found (apt-get install librsvg2-bin): the hicolor PNG "
                    "icons are not built; only the scalable SVG installs")
endif()
add_custom_target(featurelab_icons ALL DEPENDS ${_icons})

install(FILES ${FEATURELAB_DESKTOP_FILE} DESTINATION share/applications)
install(FILES ${FEATURELAB_METAINFO_FILE} DESTINATION share/metainfo)
install(FILES ${FEATURELAB_ICON_SVG} DESTINATION share/icons/hicolor/scalable/apps)

# test_desktop_files validates these files and finds the rendered icons here.
if(TARGET test_desktop_files)
    add_dependencies(test_desktop_files featurelab_icons)
    target_compile_definitions(test_desktop_files PRIVATE
        FEATURELAB_ICON_DIR="${FEATURELAB_ICON_DIR}"
        FEATURELAB_PROJECT_VERSION="${PROJECT_VERSION}")
endif()
