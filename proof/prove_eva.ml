(* SPDX-License-Identifier: BSD-3-Clause *)
(* Loaded by make prove (frama-c -load-script proof/prove_eva.ml -eva ...).

   1. The contracts that WP proves (proof/prove.py WP_FILES: the reader and the writer) keep
      their preconditions, which Eva checks at every call; their postconditions, named
      behaviors and loop annotations are WP's alone and are taken out once the AST is built,
      before Eva runs: Eva
      analyses the bodies themselves, and evaluating quantified invariants at every iteration
      costs it more than the whole analysis.
   2. After Eva: one line per analysed function with its reached and total statements, and
      one line per statement Eva found unreachable. *)

let wp_files = [ "src/codec/reader.c"; "src/codec/writer.c" ]

let file_of_kf kf =
  Filepath.Normalized.to_pretty_string
    (fst (Kernel_function.get_location kf)).Filepath.pos_path

let strip_code_annots kf =
  List.iter
    (fun s ->
      let found = ref [] in
      Annotations.iter_code_annot (fun e ca -> found := (e, ca) :: !found) s;
      List.iter (fun (e, ca) -> Annotations.remove_code_annot e ~kf s ca) !found)
    (Kernel_function.get_definition kf).Cil_types.sallstmts

let strip_spec kf =
  let complete = ref [] and disjoint = ref [] and behaviors = ref [] in
  Annotations.iter_complete (fun e l -> complete := (e, l) :: !complete) kf;
  Annotations.iter_disjoint (fun e l -> disjoint := (e, l) :: !disjoint) kf;
  List.iter (fun (e, l) -> Annotations.remove_complete e kf l) !complete;
  List.iter (fun (e, l) -> Annotations.remove_disjoint e kf l) !disjoint;
  Annotations.iter_behaviors (fun e b -> behaviors := (e, b) :: !behaviors) kf;
  List.iter
    (fun (e, b) ->
      if Cil.is_default_behavior b then begin
        let ensures = ref [] in
        Annotations.iter_ensures
          (fun e p -> ensures := (e, p) :: !ensures)
          kf b.Cil_types.b_name;
        List.iter (fun (e, p) -> Annotations.remove_ensures e kf p) !ensures
      end
      else Annotations.remove_behavior ~force:true e kf b)
    !behaviors

let strip_wp_annotations () =
  Globals.Functions.iter (fun kf ->
      if Kernel_function.is_definition kf && List.mem (file_of_kf kf) wp_files then begin
        strip_code_annots kf;
        strip_spec kf
      end)

let loc_of s =
  let pos, _ = Cil_datatype.Stmt.loc s in
  Printf.sprintf "%s:%d"
    (Filepath.Normalized.to_pretty_string pos.Filepath.pos_path)
    pos.Filepath.pos_lnum

let report kf =
  let reached = ref 0 and total = ref 0 in
  let name = Kernel_function.get_name kf in
  List.iter
    (fun s ->
      match s.Cil_types.skind with
      | Cil_types.Block _ | Cil_types.UnspecifiedSequence _ -> ()
      (* containers: Eva records no state for a block entered through a label *)
      | _ ->
          incr total;
          if Db.Value.is_reachable_stmt s then incr reached
          else Format.printf "PROOF-DEAD %s %s@." name (loc_of s))
    (Kernel_function.get_definition kf).Cil_types.sallstmts;
  Format.printf "PROOF-COV %s %s %d %d@." name (file_of_kf kf) !reached !total

let report_all () =
  if Eva.Analysis.is_computed () then
    Globals.Functions.iter (fun kf ->
        if Kernel_function.is_definition kf && Eva.Results.is_called kf then report kf)

let () =
  Ast.apply_after_computed (fun _ -> strip_wp_annotations ());
  Db.Main.extend report_all
