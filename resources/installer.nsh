; Fieldsync's additions to electron-builder's NSIS uninstaller (electron-builder.yml nsis.include).
;
; The officer's data (database, outbox of unsent work, photos) lives in %LOCALAPPDATA%\Fieldsync, not
; in the install folder, so removing the program leaves it. Uninstalling from Settings/Control Panel
; asks whether to delete it too, defaulting to No. An update (which runs the old uninstaller with
; --updated) and a silent uninstall never ask and never delete, unless --delete-app-data is passed.
; A data folder moved elsewhere in the app's Settings is not touched either way.

!macro customUnInstall
  ${ifNot} ${isUpdated}
    ClearErrors
    ${GetParameters} $R0
    ${GetOptions} $R0 "--delete-app-data" $R1
    ${if} ${Errors}
      ${ifNot} ${Silent}
        MessageBox MB_YESNO|MB_ICONQUESTION|MB_DEFBUTTON2 \
          "Also delete Fieldsync's data on this PC ($LOCALAPPDATA\Fieldsync)?$\r$\n$\r$\nRecords and photos not yet sent to the server would be lost. Choose No to keep them for a later installation." \
          /SD IDNO IDNO fieldsyncKeepData
        RMDir /r "$LOCALAPPDATA\Fieldsync"
        fieldsyncKeepData:
      ${endIf}
    ${else}
      RMDir /r "$LOCALAPPDATA\Fieldsync"
    ${endIf}
  ${endIf}
!macroend
