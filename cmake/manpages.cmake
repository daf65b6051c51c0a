# The .deb's documentation: man pages made from --help by help2man (Debian: help2man) and the
# Debian changelog, both gzipped as Debian policy wants (lintian checks both).
find_program(FEATURELAB_HELP2MAN help2man)
find_program(FEATURELAB_GZIP gzip)
set(_docs)
if(FEATURELAB_HELP2MAN AND FEATURELAB_GZIP)
    set(_see_also ${CMAKE_BINARY_DIR}/man/see_also.h2m)
    file(WRITE ${_see_also} "[SEE ALSO]\nRun featurelab-cli COMMAND --help for each "
                            "command's options and an example.\n")
    set(_pages featurelab-cli "headless transfer learning on image folders")
    if(TARGET featurelab)
        list(APPEND _pages featurelab "desktop workbench for transfer learning on image folders")
    endif()
    while(_pages)
        list(POP_FRONT _pages program summary)
        set(_page ${CMAKE_BINARY_DIR}/man/${program}.1)
        add_custom_command(OUTPUT ${_page}.gz
            # featurelab --help answers without a display (app/gui/main.cpp).
            COMMAND ${CMAKE_COMMAND} -E env --unset=DISPLAY --unset=WAYLAND_DISPLAY
                    ${FEATURELAB_HELP2MAN} --no-info --name=${summary} --include=${_see_also}
                    --version-string=${PROJECT_VERSION}
                    --output=${_page} $<TARGET_FILE:${program}>
            COMMAND ${FEATURELAB_GZIP} -9nf ${_page}
            DEPENDS ${program} ${_see_also}
            COMMENT "Writing the ${program}(1) man page" VERBATIM)
        list(APPEND _docs ${_page}.gz)
        install(FILES ${_page}.gz DESTINATION share/man/man1)
    endwhile()
else()
    message(WARNING "help2man or gzip not found (apt-get install help2man): no man pages")
endif()

if(FEATURELAB_GZIP)
    configure_file(${CMAKE_SOURCE_DIR}/cmake/changelog.in ${CMAKE_BINARY_DIR}/doc/changelog @ONLY)
    add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/doc/changelog.gz
        COMMAND ${FEATURELAB_GZIP} -9nkf ${CMAKE_BINARY_DIR}/doc/changelog
        DEPENDS ${CMAKE_BINARY_DIR}/doc/changelog VERBATIM)
    list(APPEND _docs ${CMAKE_BINARY_DIR}/doc/changelog.gz)
    install(FILES ${CMAKE_BINARY_DIR}/doc/changelog.gz DESTINATION share/doc/featurelab)
endif()
add_custom_target(featurelab_docs ALL DEPENDS ${_docs})
